// The Claude client: one Messages API call with a forced tool (tool_choice) so the answer is
// structured, validated with zod, bounded in time (per-request timeout, bounded retries and one
// overall deadline). It never throws: every failure comes back as a reason the caller shows
// beside the local explanation.
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { findApiKey } from '../core/keyring.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Clock } from '../core/types.ts';
import { estimateCost, type TokenUsage, usageFromApi } from './cost.ts';
import type { AiAnswer } from './schema.ts';

/** The answer schema (zod) is loaded with the SDK, on the first call: a daemon without AI never pays for it. */
type SchemaModule = typeof import('./schema.ts');

export type AiFailureReason =
  | 'disabled'
  | 'no_key'
  | 'cooldown'
  | 'daily_cap'
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | 'network'
  | 'malformed'
  | 'off_schema'
  | 'refused'
  | 'truncated'
  | 'error';

export interface AiCallStats {
  model: string;
  latencyMs: number;
  usage: TokenUsage;
  /** Estimated USD, null for a model without a known price. */
  costUsd: number | null;
}

export type AiResult =
  | { ok: true; answer: AiAnswer; stats: AiCallStats }
  | { ok: false; reason: AiFailureReason; detail: string; stats?: AiCallStats };

export interface Prompt {
  system: string;
  user: string;
}

export interface AiClient {
  diagnose(prompt: Prompt): Promise<AiResult>;
}

export interface AiClientOptions {
  ai: VigilConfig['ai'];
  env: NodeJS.ProcessEnv;
  clock?: Pick<Clock, 'monotonic'>;
  /** Per request and overall deadline (default 30 s). */
  timeoutMs?: number;
  /** Retries on 429/5xx/connection errors (default 2). */
  maxRetries?: number;
}

/**
 * The API key: the environment variable named by ai.api_key_env, else the system keyring entry
 * `vigil config set-key` stored (src/core/keyring.ts); null when neither has one.
 */
export function apiKeyFrom(ai: VigilConfig['ai'], env: NodeJS.ProcessEnv): string | null {
  return findApiKey(ai.api_key_env, ai.provider, env)?.key ?? null;
}

const TOOL_DESCRIPTION =
  'Report your diagnosis of the Linux system situation and the actions you propose. ' +
  'Always answer by calling this tool exactly once.';

export function createAiClient(opts: AiClientOptions): AiClient {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetries = Math.max(0, Math.min(5, opts.maxRetries ?? 2));
  const mono = opts.clock?.monotonic ?? realClock.monotonic;
  const model = opts.ai.model;

  return {
    async diagnose(prompt) {
      const key = apiKeyFrom(opts.ai, opts.env);
      if (!key) return { ok: false, reason: 'no_key', detail: `$${opts.ai.api_key_env} is not set` };
      const started = mono();
      const stats = (usage: TokenUsage): AiCallStats => ({
        model,
        latencyMs: Math.round(mono() - started),
        usage,
        costUsd: estimateCost(model, usage),
      });
      const noUsage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      let sdk: typeof import('@anthropic-ai/sdk');
      let schema: SchemaModule;
      try {
        // Loaded on first use: one-shot commands without AI never pay for the SDK.
        sdk = await import('@anthropic-ai/sdk');
        schema = await import('./schema.ts');
      } catch (err) {
        clearTimeout(timer);
        return {
          ok: false,
          reason: 'error',
          detail: `cannot load @anthropic-ai/sdk: ${(err as Error).message}`,
        };
      }
      let message: unknown;
      try {
        const baseURL = opts.env.ANTHROPIC_BASE_URL?.trim();
        const client = new sdk.Anthropic({
          apiKey: key,
          ...(baseURL ? { baseURL } : {}),
          timeout: timeoutMs,
          maxRetries,
        });
        const body = {
          model,
          max_tokens: opts.ai.max_tokens,
          system: prompt.system,
          messages: [{ role: 'user', content: prompt.user }],
          tools: [
            {
              name: schema.ANSWER_TOOL,
              description: TOOL_DESCRIPTION,
              input_schema: schema.answerJsonSchema(),
            },
          ],
          tool_choice: { type: 'tool', name: schema.ANSWER_TOOL },
        };
        // The plain POST (same retries, timeout and auth as messages.create) rather than
        // messages.create, which console.warn()s about deprecated model ids: the daemon's stderr
        // is one JSON object per line and must stay so.
        message = await client.post('/v1/messages', { body, signal: deadline.signal });
      } catch (err) {
        const failure = classifyError(sdk, err, deadline.signal.aborted);
        return { ok: false, ...failure, stats: stats(noUsage) };
      } finally {
        clearTimeout(timer);
      }
      return interpret(message, stats, schema);
    },
  };
}

function interpret(message: unknown, stats: (u: TokenUsage) => AiCallStats, schema: SchemaModule): AiResult {
  if (!message || typeof message !== 'object') {
    return {
      ok: false,
      reason: 'malformed',
      detail: 'the response is not a message object',
      stats: stats({ inputTokens: 0, outputTokens: 0 }),
    };
  }
  const m = message as { content?: unknown; stop_reason?: unknown; usage?: unknown };
  const s = stats(usageFromApi(m.usage));
  if (!Array.isArray(m.content)) {
    return { ok: false, reason: 'malformed', detail: 'the response has no content blocks', stats: s };
  }
  if (m.stop_reason === 'refusal')
    return { ok: false, reason: 'refused', detail: 'the model declined to answer', stats: s };
  if (m.stop_reason === 'max_tokens' || m.stop_reason === 'model_context_window_exceeded') {
    return {
      ok: false,
      reason: 'truncated',
      detail: `the answer was cut off (${String(m.stop_reason)})`,
      stats: s,
    };
  }
  const block = m.content.find(
    (b): b is { type: 'tool_use'; name: string; input: unknown } =>
      Boolean(b) &&
      typeof b === 'object' &&
      (b as { type?: unknown }).type === 'tool_use' &&
      (b as { name?: unknown }).name === schema.ANSWER_TOOL,
  );
  if (!block)
    return {
      ok: false,
      reason: 'off_schema',
      detail: `the model did not call ${schema.ANSWER_TOOL}`,
      stats: s,
    };
  const parsed = schema.parseAnswer(block.input);
  if (!parsed.ok) return { ok: false, reason: 'off_schema', detail: parsed.detail, stats: s };
  return { ok: true, answer: parsed.answer, stats: s };
}

function classifyError(
  sdk: typeof import('@anthropic-ai/sdk'),
  err: unknown,
  deadlinePassed: boolean,
): { reason: AiFailureReason; detail: string } {
  const msg = sanitize(String((err as Error)?.message ?? err), 300);
  if (deadlinePassed || err instanceof sdk.APIConnectionTimeoutError) {
    return { reason: 'timeout', detail: 'no answer in time' };
  }
  if (err instanceof sdk.APIUserAbortError) return { reason: 'timeout', detail: 'aborted' };
  if (err instanceof sdk.APIConnectionError) return { reason: 'network', detail: msg };
  if (err instanceof sdk.APIError) {
    const status = err.status ?? 0;
    if (status === 429) return { reason: 'rate_limited', detail: `HTTP 429: ${msg}` };
    if (status >= 500) return { reason: 'server_error', detail: `HTTP ${status}: ${msg}` };
    return { reason: 'http_error', detail: `HTTP ${status}: ${msg}` };
  }
  if (err instanceof SyntaxError) return { reason: 'malformed', detail: `invalid JSON: ${msg}` };
  return { reason: 'error', detail: msg };
}
