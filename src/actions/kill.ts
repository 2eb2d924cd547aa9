// Signalling a set of allowed targets (a process, or a tree deepest-first) and waiting for them to
// go. Every target carries the start time the policy saw, and signal.ts re-checks it per pid.
import { readPidStat } from '../proc/read.ts';
import { type SendResult, sendSignal } from './signal.ts';

export interface KillTarget {
  pid: number;
  startTicks: number;
}

export interface KillReport {
  /** Per pid, in the order signalled. */
  results: { pid: number; result: SendResult }[];
  signalled: number[];
  exited: number[];
  stillRunning: number[];
}

/** True when the process is gone, reaped, a zombie, or the pid now names someone else. */
export function hasExited(proc: string, t: KillTarget): boolean {
  const id = readPidStat({ proc }, t.pid);
  return !id || id.startTicks !== t.startTicks || id.state === 'Z' || id.state === 'X';
}

/** Resolve when every target has exited or `waitMs` has passed (polls /proc every 50 ms). */
export async function waitForExit(
  proc: string,
  targets: KillTarget[],
  waitMs: number,
): Promise<KillTarget[]> {
  const deadline = performance.now() + waitMs;
  let alive = targets.filter((t) => !hasExited(proc, t));
  while (alive.length && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter((t) => !hasExited(proc, t));
  }
  return alive;
}

/**
 * Signal each target in order (callers put descendants first, the root last), then wait for the
 * signalled ones. SIGSTOP/SIGCONT and friends do not end a process, so callers pass waitMs 0.
 */
export async function killTargets(
  proc: string,
  targets: KillTarget[],
  signal: number,
  waitMs: number,
): Promise<KillReport> {
  const results: KillReport['results'] = [];
  for (const t of targets)
    results.push({ pid: t.pid, result: sendSignal(proc, t.pid, t.startTicks, signal) });
  const sent = targets.filter((_, i) => results[i]!.result.outcome === 'done');
  const alive = waitMs > 0 ? await waitForExit(proc, sent, waitMs) : sent.filter((t) => !hasExited(proc, t));
  const aliveSet = new Set(alive.map((t) => t.pid));
  return {
    results,
    signalled: sent.map((t) => t.pid),
    exited: sent.filter((t) => !aliveSet.has(t.pid)).map((t) => t.pid),
    stillRunning: alive.map((t) => t.pid),
  };
}
