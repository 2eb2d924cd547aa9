// OOM foresight for `vigil explain`: this process's oom_score against every other one (the kernel
// kills the highest first), the first victim, and — from the history a daemon recorded — whether
// memory headroom is shrinking and how long until it is gone at that rate.
import { readdirSync, readFileSync } from 'node:fs';
import type { Roots } from '../core/types.ts';
import { oomTrend } from '../rules/oom_foresight.ts';
import { HEADROOM_WINDOW_MS } from '../rules/trend.ts';
import type { SampleStore } from '../store/index.ts';

export interface OomFacts {
  /** This process's oom_score and oom_score_adj (null when unreadable). */
  score: number | null;
  adj: number | null;
  /** Its place in the kernel's order (1: killed first), among `of` processes with a score. */
  rank: number | null;
  of: number;
  /** The kernel's first choice now. */
  first: { pid: number; name: string; score: number } | null;
  /** Seconds until memory runs out at the recorded trend; null without a steady fall. */
  timeToOomSecs: number | null;
}

function readInt(path: string): number | null {
  try {
    const v = Number.parseInt(readFileSync(path, 'latin1'), 10);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

function commOf(proc: string, pid: number): string {
  try {
    return readFileSync(`${proc}/${pid}/comm`, 'latin1').trim().slice(0, 64);
  } catch {
    return '?';
  }
}

/** Every process's oom_score, highest first (one pass over /proc, on request only). */
export function oomScores(proc: string): { pid: number; score: number }[] {
  const out: { pid: number; score: number }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(proc);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const score = readInt(`${proc}/${e}/oom_score`);
    if (score !== null && score > 0) out.push({ pid: Number(e), score });
  }
  return out.sort((a, b) => b.score - a.score || a.pid - b.pid);
}

/** Seconds until memory runs out at the trend a daemon recorded (last ten minutes), or null. */
export function timeToOom(
  history: Partial<Pick<SampleStore, 'systemSeries'>> | null,
  now: number,
): number | null {
  const samples = history?.systemSeries ? history.systemSeries(now - HEADROOM_WINDOW_MS, now) : [];
  const usable = samples.filter((s) => s.memAvailableBytes !== null && s.memTotalBytes);
  if (usable.length < 4) return null;
  const series = {
    t: usable.map((s) => s.time),
    v: usable.map(
      (s) => s.memAvailableBytes! + Math.max(0, (s.swapTotalBytes ?? 0) - (s.swapUsedBytes ?? 0)),
    ),
  };
  return oomTrend(series, usable.at(-1)!.memTotalBytes!).timeToOomSecs;
}

/** The OOM facts of `pid` as /proc says now (the time to OOM needs history: timeToOom). */
export function oomFacts(roots: Pick<Roots, 'proc'>, pid: number): OomFacts {
  const scores = oomScores(roots.proc);
  const index = scores.findIndex((s) => s.pid === pid);
  const top = scores[0];
  return {
    score: readInt(`${roots.proc}/${pid}/oom_score`),
    adj: readInt(`${roots.proc}/${pid}/oom_score_adj`),
    rank: index >= 0 ? index + 1 : null,
    of: scores.length,
    first: top ? { pid: top.pid, name: commOf(roots.proc, top.pid), score: top.score } : null,
    timeToOomSecs: null,
  };
}
