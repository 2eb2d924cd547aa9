// The action ledger (docs/history.md "Actions"): every action from every path — `vigil kill`, the
// TUI, auto mode, an AI answer in auto mode — becomes one row in the history store, with its
// outcome in SPEC §5's words and a before/after check: were the processes gone afterwards, and
// how much memory came back. A whole storm is one action, so one row naming every member.
import { readFileSync } from 'node:fs';
import { parseMeminfo } from '../collectors/memory.ts';
import type { Logger, Roots } from '../core/types.ts';
import { readPidStat } from '../proc/read.ts';
import type { ActionCheck } from '../store/types.ts';
import { ledgerRow } from './ledger-row.ts';
import { openActionStore } from './record.ts';
import type { ActionRecord } from './types.ts';

export { actionOutcome, ENDING_SIGNALS, ledgerRow } from './ledger-row.ts';

/** MemAvailable in bytes, or null when /proc/meminfo is unreadable. */
export function availableBytes(roots: Pick<Roots, 'proc'>): number | null {
  try {
    const v = parseMeminfo(readFileSync(`${roots.proc}/meminfo`, 'latin1')).get('MemAvailable');
    return v === undefined ? null : v;
  } catch {
    return null;
  }
}

/** A process an action covered, as it was just before. */
export interface CheckTarget {
  pid: number;
  startTicks: number;
  rssBytes: number;
}

/** Whether the process is gone: exited, reaped, a zombie, or its pid now names another one. */
export function isGone(roots: Pick<Roots, 'proc'>, t: CheckTarget): boolean {
  const st = readPidStat(roots, t.pid);
  return !st || st.startTicks !== t.startTicks || st.state === 'Z' || st.state === 'X';
}

/** The after-look of an action over `targets` (their RSS and MemAvailable taken before). */
export function checkAfter(
  roots: Pick<Roots, 'proc'>,
  targets: readonly CheckTarget[],
  availableBefore: number | null,
  now: number,
): ActionCheck {
  const gone: number[] = [];
  const stillRunning: number[] = [];
  let rssBefore = 0;
  let freed = 0;
  for (const t of targets) {
    rssBefore += t.rssBytes;
    if (isGone(roots, t)) {
      gone.push(t.pid);
      freed += t.rssBytes;
    } else stillRunning.push(t.pid);
  }
  return {
    targets: targets.length,
    gone,
    stillRunning,
    rssBeforeBytes: rssBefore,
    freedBytes: freed,
    availableBeforeBytes: availableBefore,
    availableAfterBytes: availableBytes(roots),
    checkedAt: now,
  };
}

export interface Ledger {
  /** Record a decision (never throws; a store failure is logged once). */
  record(rec: ActionRecord): void;
  close(): void;
}

/** A ledger on the store of `dataDir`, or null (logged once) when history cannot be written. */
export async function openLedger(dataDir: string, log: Logger, mode: () => string): Promise<Ledger | null> {
  const store = await openActionStore(dataDir, log);
  if (!store) return null;
  return {
    record(rec) {
      try {
        store.recordAction(ledgerRow(rec, mode()));
      } catch (err) {
        log.once('ledger-write', 'warn', 'cannot record the action', { error: (err as Error).message });
      }
    },
    close: () => store.close(),
  };
}
