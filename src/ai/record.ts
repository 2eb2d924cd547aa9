// Recording an AI call: the row in the history store (tokens, latency, cost, outcome; docs/history.md)
// and the `ai` / `action` events in the JSON log (SPEC §5). Shared by the AI service and
// `vigil explain` (src/ai/explain.ts), which count the same calls against the same budget.

import type { Alert, Clock, Logger } from '../core/types.ts';
import type { ActionRecordStore, AiCallStore, RecorderLock, Store } from '../store/index.ts';
import type { AiCallRecord } from '../store/types.ts';
import { DAY_MS } from './budget.ts';
import type { AiResult } from './client.ts';
import type { AiAction } from './schema.ts';

/** The store calls this service uses (docs/history.md). */
export type AiStore = Pick<AiCallStore, 'recordAiCall' | 'aiCallsSince'> &
  Pick<ActionRecordStore, 'recordAction'> &
  Pick<Store, 'close'> &
  Partial<Pick<RecorderLock, 'recorderInfo'>>;

export interface JsonLine {
  write(entry: Record<string, unknown>): void;
  flush?(): Promise<void>;
}

/** Where the service records: the log, and the store and JSON log once opened (either may be missing). */
export interface AiSinks {
  log: Logger;
  clock: Clock;
  store: AiStore | null;
  jsonLog: JsonLine | null;
}

/** How a client outcome is stored (the store's outcome vocabulary). */
export function storeOutcome(res: AiResult): 'ok' | 'timeout' | 'invalid' | 'error' {
  if (res.ok) return 'ok';
  if (res.reason === 'timeout') return 'timeout';
  if (['malformed', 'off_schema', 'refused', 'truncated'].includes(res.reason)) return 'invalid';
  return 'error';
}

/** The store's record of one call: tokens, latency, cost and outcome (docs/history.md). */
export function aiCallRecord(
  res: AiResult,
  call: { time: number; purpose: 'alert' | 'explain'; model: string; pid?: number; alertId?: string },
): AiCallRecord {
  const stats = res.stats;
  return {
    ...call,
    inputTokens: stats?.usage.inputTokens ?? 0,
    outputTokens: stats?.usage.outputTokens ?? 0,
    latencyMs: stats?.latencyMs ?? 0,
    outcome: storeOutcome(res),
    ...(stats?.costUsd != null ? { costUsd: stats.costUsd } : {}),
    ...(res.ok ? {} : { error: `${res.reason}: ${res.detail}` }),
  };
}

/** Times of the AI calls (not the skipped ones) recorded in the last 24 hours. */
export function callTimes(store: AiStore, now: number): number[] {
  try {
    return store
      .aiCallsSince(now - DAY_MS)
      .filter((c) => c.outcome !== 'skipped' && typeof c.time === 'number')
      .map((c) => c.time as number);
  } catch {
    return [];
  }
}

/** An alert call the budget refused: logged, and stored as `skipped` (which does not count). */
export function recordSkipped(
  s: AiSinks,
  alert: Alert,
  model: string,
  decision: { reason: 'cooldown' | 'daily_cap'; retryInMs: number },
): void {
  s.log.info('ai call skipped', {
    alertId: alert.id,
    rule: alert.rule,
    reason: decision.reason,
    retryInSecs: Math.ceil(decision.retryInMs / 1000),
  });
  s.store?.recordAiCall({
    time: s.clock.now(),
    purpose: 'alert',
    model,
    alertId: alert.id,
    inputTokens: 0,
    outputTokens: 0,
    latencyMs: 0,
    outcome: 'skipped',
    error: decision.reason,
  });
}

/** The head of a JSON log line about an alert: when, what, and the alert's own fields. */
function entryHead(s: AiSinks, event: 'ai' | 'action', alert: Alert): Record<string, unknown> {
  return { time: new Date(s.clock.now()).toISOString(), event, ...alert };
}

/**
 * An alert call made: the store row (with the time the budget counted, so re-reading the store
 * does not count it twice), the log line and the `ai` event, `ok` or `fallback` with the local
 * explanation either way.
 */
export function recordDiagnosis(
  s: AiSinks,
  alert: Alert,
  res: AiResult,
  call: { calledAt: number; model: string; local: string; covers?: readonly Alert[] },
): void {
  const { calledAt, model, local } = call;
  // One call may explain a burst: every alert it covered, the most severe (`alert`) first.
  const alertIds = (call.covers ?? [alert]).map((a) => a.id);
  s.store?.recordAiCall(aiCallRecord(res, { time: calledAt, purpose: 'alert', model, alertId: alert.id }));
  const stats = res.stats;
  const usage = {
    model,
    inputTokens: stats?.usage.inputTokens ?? 0,
    outputTokens: stats?.usage.outputTokens ?? 0,
    costUsd: stats?.costUsd ?? null,
    latencyMs: stats?.latencyMs ?? 0,
  };
  if (!res.ok) {
    s.log.warn('ai call failed; local explanation used', {
      alertId: alert.id,
      reason: res.reason,
      detail: res.detail,
    });
    s.jsonLog?.write({
      ...entryHead(s, 'ai', alert),
      ai: {
        outcome: 'fallback',
        reason: res.reason,
        detail: res.detail,
        explanation: local,
        alertIds,
        ...usage,
      },
    });
    return;
  }
  const a = res.answer;
  s.log.info('ai diagnosis', {
    alertId: alert.id,
    alertIds,
    rule: alert.rule,
    severity: a.severity,
    actions: a.actions.map((x) => `${x.type}:${x.target}`),
    ...usage,
  });
  s.jsonLog?.write({
    ...entryHead(s, 'ai', alert),
    ai: {
      outcome: 'ok',
      diagnostic: a.diagnostic,
      severity: a.severity,
      actions: a.actions,
      prevention: a.prevention,
      explanation: local,
      alertIds,
      ...usage,
    },
  });
}

/** An AI action Vigil will not take: the log, an `action` event and the store's action row. */
export function recordRefusal(
  s: AiSinks,
  alert: Alert,
  action: AiAction,
  refusal: { code: string; reason: string; mode: string },
): void {
  const { code, reason } = refusal;
  s.log.warn('ai action refused', {
    alertId: alert.id,
    type: action.type,
    target: action.target,
    code,
    reason,
  });
  s.jsonLog?.write({
    ...entryHead(s, 'action', alert),
    action: {
      type: action.type,
      target: action.target,
      outcome: 'refused',
      code,
      reason,
      origin: 'ai',
      command: action.command,
      alertId: alert.id,
    },
  });
  s.store?.recordAction({
    time: s.clock.now(),
    type: action.type,
    source: 'ai',
    mode: refusal.mode,
    outcome: 'refused',
    reason,
    alertId: alert.id,
    details: { code, origin: 'ai', target: action.target, command: action.command },
  });
}
