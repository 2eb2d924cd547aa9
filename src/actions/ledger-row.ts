// A decision as the action ledger stores it (src/actions/ledger.ts): the outcome in SPEC §5's
// words, every pid it covered, its before/after check. Pure, so the store's older port
// (record.ts toStoreRow) and the ledger map the same way.
import type { ActionOutcome } from '../core/types.ts';
import type { ActionCheck, ActionRecord as StoreActionRecord } from '../store/types.ts';
import type { ActionRecord } from './types.ts';

/** Signals that end a process: after them "exited" or "still running" is known. */
export const ENDING_SIGNALS: ReadonlySet<string> = new Set([
  'SIGTERM',
  'SIGKILL',
  'SIGINT',
  'SIGQUIT',
  'SIGHUP',
  'SIGABRT',
]);

const ACTION_OUTCOMES: ReadonlySet<string> = new Set<ActionOutcome>([
  'sent',
  'exited',
  'still_running',
  'stopped',
  'continued',
  'refused',
  'dry_run',
  'failed',
]);

/**
 * The one mapping to SPEC §5's words. The action path may hand over its own older words
 * (`done`, `gone`): `done` says the signal was delivered, and what became of the process is
 * the check's (exited / still running), or the signal's (stopped / continued).
 */
export function actionOutcome(outcome: string, signal: string, check?: ActionCheck | null): ActionOutcome {
  if (outcome === 'gone') return 'failed';
  if (outcome !== 'done' && outcome !== 'sent')
    return ACTION_OUTCOMES.has(outcome) ? (outcome as ActionOutcome) : 'failed';
  if (signal === 'SIGSTOP' || signal === 'SIGTSTP') return 'stopped';
  if (signal === 'SIGCONT') return 'continued';
  if (check && ENDING_SIGNALS.has(signal) && check.targets > 0) {
    return check.stillRunning.length ? 'still_running' : 'exited';
  }
  return 'sent';
}

/** The ledger row of a decision, in the store's shape. */
export function ledgerRow(rec: ActionRecord, mode: string): StoreActionRecord {
  const outcome = actionOutcome(rec.outcome, rec.signal, rec.check);
  // A group always names its members; a single process only when the action reached others.
  const pids =
    rec.type === 'kill_group' || rec.pids.length > 1 || (rec.pids.length === 1 && rec.pids[0] !== rec.pid)
      ? rec.pids
      : undefined;
  return {
    time: rec.time,
    type: rec.type,
    source: rec.origin,
    pid: rec.pid,
    ...(pids ? { pids } : {}),
    ...(rec.name !== undefined ? { name: rec.name } : {}),
    ...(rec.cmdline !== undefined ? { cmdline: rec.cmdline } : {}),
    signal: rec.signal,
    mode,
    outcome,
    reason: rec.reason,
    ...(rec.alertId !== undefined ? { alertId: rec.alertId } : {}),
    ...(rec.check ? { check: rec.check } : {}),
    details: {
      code: rec.code,
      origin: rec.origin,
      pids: rec.pids,
      dryRun: rec.dryRun,
      outcome: rec.outcome,
      ...(rec.tid !== undefined ? { tid: rec.tid } : {}),
    },
  };
}
