// The process tree as /proc shows it right now: who are a pid's children, descendants and
// ancestors. Read on demand (the action path, explain), never from a snapshot.
import { readdirSync } from 'node:fs';
import { type ProcRoot, readPidStat } from './read.ts';

/** ppid → child pids, from one sweep of /proc. */
export function childrenMap(roots: ProcRoot): Map<number, number[]> {
  const map = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync(roots.proc);
  } catch {
    return map;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const st = readPidStat(roots, Number(e));
    if (!st) continue;
    const list = map.get(st.ppid);
    if (list) list.push(Number(e));
    else map.set(st.ppid, [Number(e)]);
  }
  return map;
}

/** Every descendant of `pid`, deepest first (so a tree is signalled leaves before parents). */
export function descendantsOf(pid: number, children: Map<number, number[]>): number[] {
  const out: number[] = [];
  const seen = new Set<number>([pid]);
  const visit = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      visit(c);
      out.push(c);
    }
  };
  visit(pid);
  return out;
}

/**
 * `pid` and every ancestor up to (and including) PID 1 or 0, nearest first, by walking ppid in
 * /proc; at most `limit` of them. A pid met twice (a chain read across a pid reuse) ends the walk.
 */
export function ancestorsOf(roots: ProcRoot, pid: number, limit = 4096): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  let cur = pid;
  while (out.length < limit && cur > 0 && !seen.has(cur)) {
    const st = readPidStat(roots, cur);
    if (!st) break;
    out.push(cur);
    seen.add(cur);
    if (cur === 1) break;
    cur = st.ppid;
  }
  return out;
}
