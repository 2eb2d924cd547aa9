// The structured answer the model must give (the seed's JSON shape), validated with zod. The same
// schema is sent as the forced tool's input_schema, so the model and the validator agree.
import { z } from 'zod';
import { sanitize } from '../core/sanitize.ts';

export const ACTION_TYPES = ['kill_process', 'restart_service', 'free_cache', 'custom'] as const;
export const RISKS = ['safe', 'moderate', 'dangerous'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export const aiActionSchema = z.object({
  type: z.enum(ACTION_TYPES).describe('kill_process, restart_service, free_cache or custom'),
  target: z.coerce.string().max(256).describe('the pid (for kill_process) or the service name'),
  command: z.string().max(1024).describe('the exact command a human could run'),
  risk: z.enum(RISKS),
  explanation: z.string().max(2000).describe('why this action'),
});

export const aiAnswerSchema = z.object({
  diagnostic: z.string().min(1).max(4000).describe('a clear explanation of the problem'),
  severity: z.enum(SEVERITIES),
  actions: z.array(aiActionSchema).max(10),
  prevention: z.string().max(2000).describe('advice to avoid this problem in the future'),
});

export type AiAction = z.infer<typeof aiActionSchema>;
export type AiAnswer = z.infer<typeof aiAnswerSchema>;

/** The name of the tool the model is forced to call. */
export const ANSWER_TOOL = 'report_diagnosis';

/** JSON Schema of the answer, for the tool's input_schema. */
export function answerJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(aiAnswerSchema) as Record<string, unknown>;
  return schema;
}

export type ParseResult = { ok: true; answer: AiAnswer } | { ok: false; detail: string };

/**
 * Validate the model's tool input and sanitise every string in it (the reply is foreign text,
 * SPEC §10): a valid answer comes back clean, anything else as one line saying what was wrong.
 */
export function parseAnswer(input: unknown): ParseResult {
  const r = aiAnswerSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : '(root)';
    return { ok: false, detail: sanitize(`${where}: ${first?.message ?? 'invalid'}`, 300) };
  }
  const a = r.data;
  return {
    ok: true,
    answer: {
      diagnostic: sanitize(a.diagnostic),
      severity: a.severity,
      actions: a.actions.map((x) => ({
        type: x.type,
        target: sanitize(x.target, 256),
        command: sanitize(x.command, 1024),
        risk: x.risk,
        explanation: sanitize(x.explanation, 2000),
      })),
      prevention: sanitize(a.prevention, 2000),
    },
  };
}
