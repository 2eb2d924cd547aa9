// The action ledger: every decision (taken or refused) from the CLI, the TUI, auto mode and AI
// answers, with every pid it covered and its before/after check (docs/history.md "Actions").
import { sanitize } from '../core/sanitize.ts';
import type { ActionOutcome, Clock } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { CMDLINE_MAX, dropNulls, NAME_MAX, storedJson, storedText, TEXT_MAX } from './rows.ts';
import type { ActionCheck, ActionRecord } from './types.ts';

/** The store's action log (not src/actions' own ActionStore port, which it satisfies). */
export interface ActionRecordStore {
  recordAction(action: ActionRecord): boolean;
  actionsSince(ms: number): ActionRecord[];
}

export function createActionRecordStore(conn: Connection, clock: Clock): ActionRecordStore {
  const prep = conn.statements();
  return {
    recordAction(a) {
      return conn.write('action', () => {
        prep(
          `INSERT INTO actions (time, type, source, pid, start_time, name, cmdline, signal, mode, outcome,
             reason, alert_id, details, pids, check_result, freed_bytes)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          a.time ?? clock.now(),
          a.type,
          a.source,
          a.pid ?? null,
          a.startTime ?? null,
          a.name === undefined ? null : sanitize(a.name, NAME_MAX),
          a.cmdline === undefined ? null : storedText(a.cmdline, CMDLINE_MAX),
          a.signal ?? null,
          a.mode ?? null,
          a.outcome,
          a.reason === undefined ? null : storedText(a.reason, TEXT_MAX),
          a.alertId ?? null,
          a.details === undefined ? null : storedJson(a.details),
          a.pids === undefined ? null : JSON.stringify(a.pids.filter((p) => Number.isSafeInteger(p))),
          a.check === undefined ? null : storedJson(a.check),
          a.check?.freedBytes ?? null,
        );
      });
    },

    actionsSince(ms) {
      return conn.read([], () =>
        (
          prep('SELECT * FROM actions WHERE time >= ? ORDER BY time').all(ms) as Record<string, unknown>[]
        ).map(toActionRecord),
      );
    },
  };
}

/**
 * An outcome as SPEC §5 words it. Rows written before that vocabulary said `done` (signalled, no
 * more known: `sent`) and, in the JSON log only, `gone` (it had exited: `failed`, code esrch).
 */
export function outcomeOf(stored: string): ActionOutcome {
  if (stored === 'done') return 'sent';
  if (stored === 'gone') return 'failed';
  return stored as ActionOutcome;
}

function toActionRecord(r: Record<string, unknown>): ActionRecord {
  return dropNulls({
    time: r.time as number,
    type: r.type as string,
    source: r.source as ActionRecord['source'],
    pid: r.pid as number | undefined,
    startTime: r.start_time as string | undefined,
    name: r.name === null ? undefined : sanitize(String(r.name), NAME_MAX),
    cmdline: r.cmdline === null ? undefined : sanitize(String(r.cmdline), CMDLINE_MAX),
    signal: r.signal as string | undefined,
    mode: r.mode as string | undefined,
    outcome: outcomeOf(String(r.outcome)),
    reason: r.reason === null ? undefined : sanitize(String(r.reason), TEXT_MAX),
    alertId: r.alert_id as string | undefined,
    pids: r.pids == null ? undefined : (JSON.parse(String(r.pids)) as number[]),
    check: r.check_result == null ? undefined : (JSON.parse(String(r.check_result)) as ActionCheck),
    details: r.details === null ? undefined : (JSON.parse(String(r.details)) as Record<string, unknown>),
  }) as ActionRecord;
}
