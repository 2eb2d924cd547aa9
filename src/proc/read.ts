// On-demand reads of one process (or a few), for the action path, explain and health. Everything
// is re-read when asked (never taken from a snapshot): a snapshot may be seconds old and the pid
// may already belong to someone else. The per-tick sweep of every process is the collector's
// (src/collectors/processes.ts); both parse with parse.ts.
import { readFileSync, statSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { Roots } from '../core/types.ts';
import {
  argv0FromBytes,
  cmdlineFromBytes,
  isKernelThread,
  type PidStat,
  parseBootTime,
  parsePidStat,
  parseStatusTgid,
} from './parse.ts';

/** Only the proc root is read: callers pass their Roots (a fixture tree in tests) or just `{ proc }`. */
export type ProcRoot = Pick<Roots, 'proc'> & Partial<Roots>;

/**
 * Bytes per page, for RSS counted in pages (stat, statm). Node exposes no sysconf(_SC_PAGESIZE);
 * 4 KiB is the page size of x86-64 and of the usual arm64 kernels.
 */
export const PAGE_SIZE = 4096;

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
  /** From stat's rss field (the kernel's approximation; the collector reads statm). */
  rssBytes: number;
  threads: number;
  kernelThread: boolean;
  /** utime + stime, in USER_HZ ticks. */
  cpuTicks: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

function readBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/**
 * /proc/PID/stat (comm as read, not sanitised); null when the pid is gone. Cheap enough for the
 * identity check (start time, state) signal.ts does right before kill(2).
 */
export function readPidStat(roots: ProcRoot, pid: number): PidStat | null {
  const text = readText(`${roots.proc}/${pid}/stat`);
  return text === null ? null : parsePidStat(text);
}

/** Start time of `pid` in clock ticks after boot (its identity with the pid), or null when it is gone. */
export function startTicksOf(roots: ProcRoot, pid: number): number | null {
  return readPidStat(roots, pid)?.startTicks ?? null;
}

/** True when `pid` runs and (if known) started at `startTicks`; zombies count as gone. */
export function isRunning(roots: ProcRoot, pid: number, startTicks: number | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const st = readPidStat(roots, pid);
  if (!st || st.state === 'Z' || st.state === 'X') return false;
  return startTicks === null || st.startTicks === startTicks;
}

/** The command line of `pid` with NULs as spaces, sanitised; '' when it is empty or gone. */
export function readCmdline(roots: ProcRoot, pid: number): string {
  const raw = readBytes(`${roots.proc}/${pid}/cmdline`);
  return raw === null ? '' : cmdlineFromBytes(raw, raw.length);
}

/** Everything the policy, the confirmation and explain need about one pid; null when it is gone. */
export function readFacts(roots: ProcRoot, pid: number, pageSize = PAGE_SIZE): ProcFacts | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const dir = `${roots.proc}/${pid}`;
  const st = readPidStat(roots, pid);
  if (!st) return null;
  let uid: number;
  try {
    uid = statSync(dir).uid;
  } catch {
    return null;
  }
  const raw = readBytes(`${dir}/cmdline`) ?? Buffer.alloc(0);
  return {
    pid: st.pid,
    ppid: st.ppid,
    uid,
    name: sanitize(st.name, 64),
    cmdline: cmdlineFromBytes(raw, raw.length),
    argv0: argv0FromBytes(raw, raw.length),
    state: st.state,
    startTicks: st.startTicks,
    rssBytes: st.rssPages * pageSize,
    threads: st.threads,
    kernelThread: isKernelThread(st.flags),
    cpuTicks: st.cpuTicks,
  };
}

/**
 * The process (thread group) that `id` belongs to: itself for a process, its process for a
 * thread id. /proc lists only processes, but /proc/TID is readable for any thread, and kill(TID)
 * signals the whole process. null when it is gone.
 */
export function tgidOf(roots: ProcRoot, id: number): number | null {
  const text = readText(`${roots.proc}/${id}/status`);
  return text === null ? null : parseStatusTgid(text);
}

/** When the machine booted, in seconds since the epoch; 0 when /proc/stat is unreadable. */
export function bootTimeSec(roots: ProcRoot): number {
  const text = readText(`${roots.proc}/stat`);
  return text === null ? 0 : parseBootTime(text);
}
