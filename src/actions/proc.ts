// Small /proc readers for the action path. Everything is re-read at decision time (never taken
// from a snapshot): a snapshot may be seconds old and the pid may already belong to someone else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parsePidStat } from '../collectors/processes.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Roots } from '../core/types.ts';

const PF_KTHREAD = 0x00200000;

export interface ProcFacts {
  pid: number;
  ppid: number;
  uid: number;
  /** comm, sanitised. */
  name: string;
  /** The whole command line with NULs as spaces, sanitised. */
  cmdline: string;
  /** argv[0] basename, sanitised ('' for kernel threads and zombies). */
  argv0: string;
  state: string;
  startTicks: number;
  rssBytes: number;
  kernelThread: boolean;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** Start time and state only: the cheap identity check signal.ts does right before kill(2). */
export function readIdentity(
  proc: string,
  pid: number,
): { startTicks: number; state: string; ppid: number } | null {
  const text = readText(`${proc}/${pid}/stat`);
  const st = text === null ? null : parsePidStat(text);
  return st ? { startTicks: st.startTicks, state: st.state, ppid: st.ppid } : null;
}

/** Everything the policy and the confirmation need about one pid; null when it is gone. */
export function readFacts(roots: Roots, pid: number, pageSize = 4096): ProcFacts | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const dir = `${roots.proc}/${pid}`;
  const text = readText(`${dir}/stat`);
  const st = text === null ? null : parsePidStat(text);
  if (!st) return null;
  let uid: number;
  try {
    uid = statSync(dir).uid;
  } catch {
    return null;
  }
  let raw = '';
  try {
    raw = readFileSync(`${dir}/cmdline`).toString('utf8');
  } catch {
    raw = '';
  }
  const args = raw.replace(/\0+$/, '').split('\0');
  const argv0 = args[0] ?? '';
  return {
    pid: st.pid,
    ppid: st.ppid,
    uid,
    name: sanitize(st.name, 64),
    cmdline: sanitize(args.join(' ')),
    argv0: sanitize(argv0.slice(argv0.lastIndexOf('/') + 1), 256),
    state: st.state,
    startTicks: st.startTicks,
    rssBytes: st.rssPages * pageSize,
    kernelThread: (st.flags & PF_KTHREAD) !== 0,
  };
}

/** ppid → child pids, from one sweep of /proc. */
export function childrenMap(proc: string): Map<number, number[]> {
  const map = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return map;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const id = readIdentity(proc, Number(e));
    if (!id) continue;
    const list = map.get(id.ppid);
    if (list) list.push(Number(e));
    else map.set(id.ppid, [Number(e)]);
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

/** `pid` and every ancestor up to (and including) PID 1 or 0, by walking ppid in /proc. */
export function ancestorsOf(proc: string, pid: number): number[] {
  const out: number[] = [];
  let cur = pid;
  for (let i = 0; i < 4096 && cur > 0; i++) {
    const id = readIdentity(proc, cur);
    if (!id) break;
    out.push(cur);
    if (cur === 1) break;
    cur = id.ppid;
  }
  return out;
}
