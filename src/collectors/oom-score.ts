// Which process the kernel's OOM killer would pick first: /proc/PID/oom_score (the kernel's own
// badness, 0–2000, oom_score_adj included) of the few biggest processes — the badness is driven
// by RSS, so the victim is among them unless a small process volunteered with a high
// oom_score_adj (read for the same few). A handful of reads per tick, not one per process.
import type { OomCandidate, ProcessRaw } from '../core/types.ts';
import type { ProcFileReader } from './procfs.ts';

/** How many of the biggest processes are asked for their oom_score each tick. */
export const OOM_CANDIDATES = 8;

/** The `n` biggest user processes by RSS, biggest first (one pass, no full sort). */
export function biggest(list: readonly ProcessRaw[], n: number): ProcessRaw[] {
  const top: ProcessRaw[] = [];
  for (const p of list) {
    if (p.kernelThread || p.state === 'Z' || p.rssBytes <= 0) continue;
    if (top.length === n && p.rssBytes <= top[n - 1]!.rssBytes) continue;
    let i = top.length < n ? top.length : n - 1;
    top[i] = p;
    while (i > 0 && top[i - 1]!.rssBytes < p.rssBytes) {
      top[i] = top[i - 1]!;
      top[i - 1] = p;
      i--;
    }
  }
  return top;
}

function readInt(reader: ProcFileReader, path: string): number | null {
  const text = reader.read(path);
  if (text === null) return null;
  const v = Number.parseInt(text, 10);
  return Number.isFinite(v) ? v : null;
}

/** oom_score and oom_score_adj of the biggest processes, highest score first. */
export function oomCandidates(
  proc: string,
  list: readonly ProcessRaw[],
  reader: ProcFileReader,
): OomCandidate[] {
  const out: OomCandidate[] = [];
  for (const p of biggest(list, OOM_CANDIDATES)) {
    const score = readInt(reader, `${proc}/${p.pid}/oom_score`);
    if (score === null) continue;
    const adj = readInt(reader, `${proc}/${p.pid}/oom_score_adj`) ?? 0;
    out.push({ pid: p.pid, startTicks: p.startTicks, score, adj });
  }
  return out.sort((a, b) => b.score - a.score || a.pid - b.pid);
}
