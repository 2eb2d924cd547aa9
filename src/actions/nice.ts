// Renice (the TUI's F7 / F8): change a process's nice value through the same policy as a signal.
// The policy judges the process exactly as it would for a kill (PID 1, protected pids and
// commands, Vigil and its ancestors, kernel threads, PID reuse; a thread id is judged as its
// process); the new value then goes to every thread of the thread group, because on Linux
// setpriority(2) on a pid changes one thread only. Lowering the value (more CPU) needs root or
// CAP_SYS_NICE: without it the answer says so rather than failing with EPERM, and another
// user's process is refused up front (the kernel would refuse either direction). Every decision
// goes to the action ledger and the JSON log like a signal's (type `renice`).
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { t } from '../i18n/index.ts';
import { isRunning, type ProcFacts, readFacts, tgidOf } from '../proc/read.ts';
import { taskIds } from '../proc/threads.ts';
import { checkPolicy } from './index.ts';
import { actionEntry } from './notifiers/jsonlog.ts';
import type { ActionDeps, ActionRecord, ReasonCode, SignalOrigin } from './types.ts';

export interface ReniceRequest {
  pid: number;
  /** The start time the caller saw; a different one now means PID reuse and is refused. */
  startTicks?: number;
  /** Added to the current nice value (-1: F7, +1: F8); the result stays within -20…19. */
  delta: number;
  origin: SignalOrigin;
}

export interface ReniceResult {
  outcome: 'done' | 'refused' | 'failed' | 'gone';
  /** The stable reason code, as a signal's (`ok`, the policy's codes, `bad_nice`, `eperm`…). */
  code: ReasonCode;
  reason: string;
  /** The process judged and reniced (the thread group of a thread id). */
  pid: number;
  from?: number;
  to?: number;
}

/** What the system calls are, so tests can stand in for privilege and failures. */
export interface NiceSystem {
  get(pid: number): number;
  set(tid: number, value: number): void;
  /** Root or CAP_SYS_NICE: may lower a nice value. */
  canLower(): boolean;
}

/** CAP_SYS_NICE is bit 23 of the effective capability set. */
const CAP_SYS_NICE = 23n;

/** Whether this process may lower nice values (root, or CAP_SYS_NICE in /proc/self/status). */
export function mayLowerNice(procRoot = '/proc'): boolean {
  if (process.getuid?.() === 0) return true;
  let status = '';
  try {
    status = readFileSync(`${procRoot}/self/status`, 'utf8');
  } catch {
    return false;
  }
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? ((BigInt(`0x${m[1]}`) >> CAP_SYS_NICE) & 1n) === 1n : false;
}

export const realNice: NiceSystem = {
  get: (pid) => getPriority(pid),
  set: (tid, value) => setPriority(tid, value),
  canLower: () => mayLowerNice(),
};

/** The ledger's and the JSON log's record of a renice (SPEC §5 words: applied is `sent`). */
function reniceRecord(
  req: ReniceRequest,
  r: ReniceResult,
  deps: ActionDeps,
  name?: string,
  cmdline?: string,
) {
  const outcome = r.outcome === 'done' ? 'sent' : r.outcome === 'refused' ? 'refused' : 'failed';
  const rec: ActionRecord = {
    time: deps.clock.now(),
    origin: req.origin,
    type: 'renice',
    pid: r.pid,
    // What was asked, as a signal's name is: the change of the nice value.
    signal: `nice ${req.delta > 0 ? '+' : ''}${req.delta}`,
    outcome,
    code: r.code,
    reason: r.reason,
    pids: [r.pid],
    dryRun: false,
    ...(r.pid !== req.pid ? { tid: req.pid } : {}),
    ...(name !== undefined ? { name, cmdline: cmdline ?? '' } : {}),
  };
  return rec;
}

function keep(deps: ActionDeps, rec: ActionRecord): void {
  try {
    deps.jsonLog?.write(actionEntry(rec));
  } catch (err) {
    deps.log.once('action-jsonlog', 'warn', 'cannot write the JSON log', { error: (err as Error).message });
  }
  try {
    deps.recorder?.(rec);
  } catch (err) {
    deps.log.once('action-recorder', 'warn', 'cannot record the action', { error: (err as Error).message });
  }
}

/**
 * Change a process's nice value through the policy; every decision, taken or refused, is logged
 * and recorded in the action ledger (`deps.recorder`) like a signal. Never throws.
 */
export function requestRenice(
  req: ReniceRequest,
  deps: ActionDeps,
  sys: NiceSystem = realNice,
): ReniceResult {
  const lang = deps.config.general.language;
  let facts: ProcFacts | null = null;
  const result = (
    outcome: ReniceResult['outcome'],
    code: ReasonCode,
    key: string,
    extra: Partial<ReniceResult> = {},
  ) => {
    const r: ReniceResult = { outcome, code, pid: extra.pid ?? req.pid, reason: '', ...extra };
    r.reason = extra.reason ?? t(lang, `nice.${key}`, { pid: r.pid, from: r.from ?? '', to: r.to ?? '' });
    deps.log.info('action decision', {
      origin: req.origin,
      type: 'renice',
      pid: req.pid,
      outcome: r.outcome,
      reason: r.reason,
    });
    keep(deps, reniceRecord(req, r, deps, facts?.name, facts?.cmdline));
    return r;
  };
  if (!Number.isInteger(req.delta) || req.delta === 0 || Math.abs(req.delta) > 39)
    return result('refused', 'bad_nice', 'badDelta', {
      reason: t(lang, 'nice.badDelta', { delta: String(req.delta) }),
    });
  // The same gate as a signal; SIGCONT only names a valid signal for it, none is sent.
  const signalReq = { pid: req.pid, signal: 'SIGCONT', origin: req.origin };
  const decision = checkPolicy(
    req.startTicks === undefined ? signalReq : { ...signalReq, startTicks: req.startTicks },
    deps,
  );
  if (!decision.allowed) {
    return result(decision.code === 'esrch' ? 'gone' : 'refused', decision.code, '', {
      reason: decision.reason,
    });
  }
  const pid = tgidOf(deps.roots, req.pid) ?? req.pid;
  facts = readFacts(deps.roots, pid);
  if (!facts) return result('gone', 'esrch', 'gone', { pid });
  // Another user's process: only root or CAP_SYS_NICE may change its nice value either way.
  if (facts.uid !== deps.selfUid && !sys.canLower())
    return result('refused', 'other_user', 'otherUser', {
      pid,
      reason: t(lang, 'nice.otherUser', { pid, uid: facts.uid }),
    });
  let from: number;
  try {
    from = sys.get(pid);
  } catch {
    return result('gone', 'esrch', 'gone', { pid });
  }
  const to = Math.max(-20, Math.min(19, from + req.delta));
  if (to === from) return result('done', 'ok', 'unchanged', { pid, from, to });
  if (to < from && !sys.canLower()) return result('refused', 'eperm', 'needPrivilege', { pid, from, to });
  // The process seen is still the one there (PID reuse) right before the change.
  if (!isRunning(deps.roots, req.pid, req.startTicks ?? null))
    return result('gone', 'esrch', 'gone', { pid });
  try {
    for (const tid of taskIds(deps.roots, pid)) {
      try {
        sys.set(tid, to);
      } catch (err) {
        // A thread that ended meanwhile is fine; anything else stops here.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const denied = code === 'EACCES' || code === 'EPERM';
    return result('failed', denied ? 'eperm' : 'error', denied ? 'eperm' : 'error', {
      pid,
      from,
      to,
      ...(denied ? {} : { reason: t(lang, 'nice.error', { error: (err as Error).message }) }),
    });
  }
  return result('done', 'ok', 'done', { pid, from, to });
}
