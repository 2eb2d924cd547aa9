// The ONLY place in Vigil that calls process.kill. It is reached only through requestSignal
// (index.ts), after the policy said yes. Right before kill(2) it re-reads the target's start time:
// if the pid now names another process (PID reuse), nothing is sent. (The window left between
// this read and kill(2) is a few microseconds; Node has no pidfd_send_signal.)
import { constants } from 'node:os';
import { readPidStat } from '../proc/read.ts';
import type { ReasonCode } from './types.ts';

/** One kill(2): sent, refused (the pid was reused) or failed (gone: esrch, not ours: eperm). */
export interface SendResult {
  outcome: 'sent' | 'refused' | 'failed';
  code: ReasonCode;
  error?: string;
}

const SIGNALS = constants.signals as Record<string, number>;

/** 'TERM', 'sigterm', 'SIGTERM', '15' → 'SIGTERM' / 15; null when unknown (0 is refused). */
export function parseSignal(input: string | number | undefined): { name: string; number: number } | null {
  if (input === undefined) return { name: 'SIGTERM', number: SIGNALS.SIGTERM! };
  const s = String(input).trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n < 1 || n > 64) return null;
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
    return { name: name ?? String(n), number: n };
  }
  const up = s.toUpperCase();
  const name = up.startsWith('SIG') ? up : `SIG${up}`;
  const n = SIGNALS[name];
  return n === undefined || n === 0 ? null : { name, number: n };
}

/** Send `signal` to `pid` only if it still has `startTicks` as its start time. */
export function sendSignal(proc: string, pid: number, startTicks: number, signal: number): SendResult {
  const id = readPidStat({ proc }, pid);
  if (!id) return { outcome: 'failed', code: 'esrch' };
  if (id.startTicks !== startTicks) return { outcome: 'refused', code: 'pid_reused' };
  try {
    process.kill(pid, signal);
    return { outcome: 'sent', code: 'ok' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM') return { outcome: 'failed', code: 'eperm' };
    if (code === 'ESRCH') return { outcome: 'failed', code: 'esrch' };
    return { outcome: 'failed', code: 'error', error: (err as Error).message };
  }
}
