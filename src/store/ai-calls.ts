// AI calls (and their local fallbacks): tokens, latency, outcome and estimated cost, for the
// budget and the report.
import { sanitize } from '../core/sanitize.ts';
import type { Clock } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { dropNulls, storedText, TEXT_MAX } from './rows.ts';
import type { AiCallRecord, AiUsage } from './types.ts';

export interface AiCallStore {
  recordAiCall(call: AiCallRecord): boolean;
  aiCallsSince(ms: number): AiCallRecord[];
  aiUsageToday(now?: number): AiUsage;
}

export function createAiCallStore(conn: Connection, clock: Clock): AiCallStore {
  const prep = conn.statements();
  return {
    recordAiCall(c) {
      return conn.write('ai', () => {
        prep(
          `INSERT INTO ai_calls (time, purpose, model, alert_id, pid, input_tokens, output_tokens, latency_ms,
             outcome, error, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          c.time ?? clock.now(),
          c.purpose,
          c.model,
          c.alertId ?? null,
          c.pid ?? null,
          c.inputTokens,
          c.outputTokens,
          c.latencyMs,
          c.outcome,
          c.error === undefined ? null : storedText(c.error, TEXT_MAX),
          c.costUsd ?? null,
        );
      });
    },

    aiCallsSince(ms) {
      return conn.read([], () =>
        (
          prep('SELECT * FROM ai_calls WHERE time >= ? ORDER BY time').all(ms) as Record<string, unknown>[]
        ).map(toAiCallRecord),
      );
    },

    aiUsageToday(now = clock.now()) {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return conn.read({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }, () => {
        const r = prep(
          `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS inp, COALESCE(SUM(output_tokens), 0) AS outp,
             COALESCE(SUM(cost_usd), 0) AS cost FROM ai_calls WHERE time >= ? AND time <= ?`,
        ).get(midnight.getTime(), now) as { calls: number; inp: number; outp: number; cost: number };
        return { calls: r.calls, inputTokens: r.inp, outputTokens: r.outp, costUsd: r.cost };
      });
    },
  };
}

/** AI usage over any window (report). */
export function aiUsageBetween(store: Pick<AiCallStore, 'aiCallsSince'>, from: number, to: number): AiUsage {
  const calls = store.aiCallsSince(from).filter((c) => (c.time ?? 0) <= to);
  return {
    calls: calls.length,
    inputTokens: calls.reduce((a, c) => a + c.inputTokens, 0),
    outputTokens: calls.reduce((a, c) => a + c.outputTokens, 0),
    costUsd: calls.reduce((a, c) => a + (c.costUsd ?? 0), 0),
  };
}

function toAiCallRecord(r: Record<string, unknown>): AiCallRecord {
  return dropNulls({
    time: r.time as number,
    purpose: r.purpose as AiCallRecord['purpose'],
    model: r.model as string,
    alertId: r.alert_id as string | undefined,
    pid: r.pid as number | undefined,
    inputTokens: r.input_tokens as number,
    outputTokens: r.output_tokens as number,
    latencyMs: r.latency_ms as number,
    outcome: r.outcome as AiCallRecord['outcome'],
    costUsd: r.cost_usd as number | undefined,
    error: r.error === null ? undefined : sanitize(String(r.error), TEXT_MAX),
  }) as AiCallRecord;
}
