// Signalling a set of allowed targets (a process, or a tree deepest-first) and watching what the
// signal did: exited, stopped, continued. Every target carries the start time the policy saw, and
// signal.ts re-checks it per pid.

import { realClock } from '../core/clock.ts';
import type { ActionOutcome } from '../core/types.ts';
import { readPidStat } from '../proc/read.ts';
import { type SendResult, sendSignal } from './signal.ts';

export interface KillTarget {
  pid: number;
  startTicks: number;
}

/** What the caller waits for after the signal, and how long at most. */
export interface Watch {
  /** `exit`: SIGTERM-like signals; `stop`: SIGSTOP-like; `cont`: SIGCONT; `none`: other signals. */
  effect: 'exit' | 'stop' | 'cont' | 'none';
  waitMs: number;
}

export interface KillReport {
  /** Per pid, in the order signalled. */
  results: { pid: number; result: SendResult }[];
  signalled: number[];
  /** Signalled targets that showed the awaited effect (exited, stopped, continued) in time. */
  settled: number[];
  /** Signalled targets that did not; for `exit`, the ones still running after the wait. */
  stillRunning: number[];
}

/** True when the process is gone, reaped, a zombie, or the pid now names someone else. */
export function hasExited(proc: string, t: KillTarget): boolean {
  const id = readPidStat({ proc }, t.pid);
  return !id || id.startTicks !== t.startTicks || id.state === 'Z' || id.state === 'X';
}

/** The kernel's stopped states: `T` (SIGSTOP and friends), `t` (stopped by a tracer). */
function isStopped(proc: string, t: KillTarget): boolean {
  const id = readPidStat({ proc }, t.pid);
  return id?.startTicks === t.startTicks && (id.state === 'T' || id.state === 't');
}

/** Whether `t` shows the signal's effect now (a target that exited shows any effect). */
export function showsEffect(proc: string, t: KillTarget, effect: Watch['effect']): boolean {
  if (effect === 'none') return true;
  if (hasExited(proc, t)) return true;
  if (effect === 'stop') return isStopped(proc, t);
  if (effect === 'cont') return !isStopped(proc, t);
  return false;
}

/** The targets that have not shown `effect` after `waitMs` (polls /proc every 20–50 ms). */
export async function waitForEffect(
  proc: string,
  targets: KillTarget[],
  effect: Watch['effect'],
  waitMs: number,
): Promise<KillTarget[]> {
  const deadline = realClock.monotonic() + waitMs;
  let pending = targets.filter((t) => !showsEffect(proc, t, effect));
  while (pending.length && realClock.monotonic() < deadline) {
    await new Promise((r) => setTimeout(r, effect === 'exit' ? 50 : 20));
    pending = pending.filter((t) => !showsEffect(proc, t, effect));
  }
  return pending;
}

/** Resolve when every target has exited or `waitMs` has passed; the ones still running. */
export function waitForExit(proc: string, targets: KillTarget[], waitMs: number): Promise<KillTarget[]> {
  return waitForEffect(proc, targets, 'exit', waitMs);
}

/**
 * Signal each target in order (callers put descendants first, the root last), then watch the
 * signalled ones for the signal's effect.
 */
export async function killTargets(
  proc: string,
  targets: KillTarget[],
  signal: number,
  watch: Watch,
): Promise<KillReport> {
  const results: KillReport['results'] = [];
  for (const t of targets)
    results.push({ pid: t.pid, result: sendSignal(proc, t.pid, t.startTicks, signal) });
  const sent = targets.filter((_, i) => results[i]!.result.outcome === 'sent');
  const pending = await waitForEffect(proc, sent, watch.effect, watch.waitMs);
  const pendingSet = new Set(pending.map((t) => t.pid));
  return {
    results,
    signalled: sent.map((t) => t.pid),
    settled: sent.filter((t) => !pendingSet.has(t.pid)).map((t) => t.pid),
    stillRunning: pending.map((t) => t.pid),
  };
}

/**
 * The outcome of a signal that was sent (SPEC §5): `exited` when every target is gone,
 * `still_running` when one outlived the wait for an ending signal, `stopped` / `continued` when
 * SIGSTOP / SIGCONT took effect, `sent` otherwise (nothing more is known).
 */
export function sentOutcome(
  watch: Watch,
  report: Pick<KillReport, 'stillRunning' | 'settled'>,
): ActionOutcome {
  if (watch.effect === 'exit') {
    if (!report.stillRunning.length) return 'exited';
    return watch.waitMs === 0 ? 'sent' : 'still_running';
  }
  if (report.stillRunning.length || report.settled.length === 0) return 'sent';
  if (watch.effect === 'stop') return 'stopped';
  if (watch.effect === 'cont') return 'continued';
  return 'sent';
}
