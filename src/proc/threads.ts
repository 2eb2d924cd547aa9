// The threads of one process (/proc/PID/task/TID/stat), for the TUI's thread rows (htop's `H`)
// and for renicing a whole thread group. Read on request, never on the per-tick path.
import { readdirSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { PidStat } from './parse.ts';
import { type ProcRoot, readPidStat } from './read.ts';

export interface ThreadStat {
  tid: number;
  /** The thread's comm, sanitised (a program may name its threads anything). */
  name: string;
  state: string;
  startTicks: number;
  /** utime + stime of this thread, in clock ticks. */
  cpuTicks: number;
}

/** Every task id of `pid` (the main thread included); [] when it is gone. */
export function taskIds(roots: ProcRoot, pid: number): number[] {
  try {
    return readdirSync(`${roots.proc}/${pid}/task`)
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
}

function asThread(st: PidStat): ThreadStat {
  return {
    tid: st.pid,
    name: sanitize(st.name, 64),
    state: st.state,
    startTicks: st.startTicks,
    cpuTicks: st.cpuTicks,
  };
}

/** The threads of `pid` but its main thread, by tid. */
export function readThreads(roots: ProcRoot, pid: number): ThreadStat[] {
  const out: ThreadStat[] = [];
  for (const tid of taskIds(roots, pid)) {
    if (tid === pid) continue;
    // /proc/TID/stat is the thread's own line (readable although /proc does not list threads).
    const st = readPidStat(roots, tid);
    if (st) out.push(asThread(st));
  }
  return out;
}
