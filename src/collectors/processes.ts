import { readdirSync, statSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { CollectContext, Collector, ProcessesRaw, ProcessRaw } from '../core/types.ts';
import { cgroupPathOf } from '../proc/cgroup.ts';
import {
  bytesEqual,
  cmdlineFromBytes,
  commText,
  emptyPidStatFields,
  isKernelThread,
  type PidStatFields,
  parsePidStatBytes,
  parseSchedstatRun,
  parseStatmResident,
} from '../proc/parse.ts';
import { PAGE_SIZE } from '../proc/read.ts';
import { oomCandidates } from './oom-score.ts';
import {
  isProcfs,
  KeptFiles,
  openFilesLimit,
  ProcFileReader,
  type ProcListing,
  procListing,
} from './procfs.ts';

export interface ProcessCollectorOptions {
  /** Count open fds every N ticks (default 12); 1 = every tick. */
  fdEveryTicks?: number;
  pageSize?: number;
  /**
   * Most `/proc/PID/stat` files kept open between ticks (KeptFiles in procfs.ts). Default: up to
   * KEEP_OPEN_MAX, at most a quarter of the open-file limit, and none under a root that is not
   * procfs (fixture trees).
   */
  keepOpen?: number;
  /** Whether a root is this process's own pid namespace's (procListing; tests). */
  ownNamespace?: (proc: string) => boolean;
  /**
   * Skip stat for single-threaded processes whose schedstat did not move (default true; needs
   * kept files and /proc/self/schedstat). False: every stat every tick (tests compare the two).
   */
  schedstatGate?: boolean;
}

/** Kept-open stat files at most: ~16 MB of kernel pages, far under any usual fd limit. */
export const KEEP_OPEN_MAX = 4096;

interface Cached {
  startTicks: number;
  /** comm as read (its bytes as latin1, compared in place), to notice an exec without decoding every tick. */
  rawName: string;
  name: string;
  cmdline: string;
  /** The unit or container cgroup path (src/proc/cgroup.ts), read with the cmdline. */
  cgroup: string;
  uid: number;
  fds: number | null;
  /** Counted at least once (an unreadable fd dir stays null without being retried every tick). */
  fdsCounted: boolean;
  /** CPU time and sweep of the last fd count: a process that has not run has not opened files. */
  fdsCpuTicks: number;
  fdsSweep: number;
  /** The last sweep that saw this process (older entries are gone processes). */
  seen: number;
  /** Last exact RSS (statm), -1 before the first read, and the CPU time, stat rss and sweep it was read at. */
  rssBytes: number;
  lastCpuTicks: number;
  lastRssPages: number;
  rssSweep: number;
  /** The row last returned for this process (pid, start time, name, cmdline and uid fixed). */
  row: ProcessRaw | null;
  /** schedstat's run time + count read just before the last stat (-1: none; see `sameAsBefore`). */
  schedRun: number;
}

/**
 * The process's row for this sweep. Rows are never changed once made, so a process that did not
 * move since the last sweep (most of them, most of the time) gives the same row again: nothing is
 * allocated for it.
 */
function rowOf(c: Cached, st: PidStatFields): ProcessRaw {
  const row = c.row;
  if (
    row !== null &&
    row.cpuTicks === st.cpuTicks &&
    row.state === st.state &&
    row.rssBytes === c.rssBytes &&
    row.fds === c.fds &&
    row.ppid === st.ppid &&
    row.pgid === st.pgid &&
    row.sid === st.sid &&
    row.ttyNr === st.ttyNr &&
    row.threads === st.threads
  ) {
    return row;
  }
  c.row = {
    pid: st.pid,
    ppid: st.ppid,
    pgid: st.pgid,
    sid: st.sid,
    ttyNr: st.ttyNr,
    uid: c.uid,
    name: c.name,
    cmdline: c.cmdline,
    cgroup: c.cgroup,
    state: st.state,
    cpuTicks: st.cpuTicks,
    startTicks: st.startTicks,
    rssBytes: c.rssBytes,
    threads: st.threads,
    fds: c.fds,
    kernelThread: isKernelThread(st.flags),
  };
  return c.row;
}

/**
 * A process that did not run since its last statm read or fd count is read again on every
 * IDLE_SLOTS-th slot only (every 60 ticks by default): reclaim can shrink an idle process, and
 * another process can hand it files, both rarely.
 */
const IDLE_SLOTS = 5;

/**
 * Whether a single-threaded process's last row still holds, given its schedstat now. Its stat
 * changes only when it runs (its CPU time, state, rss, thread count: a thread is made by running;
 * /proc/PID/stat's CPU time counts every thread, schedstat the first one only, hence
 * single-threaded processes alone), with two exceptions handled here: its parent pid changes when
 * the parent dies (reparenting): re-read once the parent is gone from the cache; and reclaim can
 * shrink it: re-read on its idle slot, as statm and fds are.
 */
function sameAsBefore(
  c: Cached,
  run: number,
  onSlot: boolean,
  sweep: number,
  idleRound: number,
  cache: ReadonlyMap<number, Cached>,
): boolean {
  if (run !== c.schedRun) return false;
  if (onSlot && (sweep - c.rssSweep >= idleRound || sweep - c.fdsSweep >= idleRound)) return false;
  const ppid = c.row!.ppid;
  return ppid === 0 || (cache.get(ppid)?.seen ?? -1) >= sweep - 1;
}

/** A process seen for the first time (or again after an exec): its slow facts not read yet. */
function newCached(
  startTicks: number,
  rawName: string,
  name: string,
  cmdline: string,
  cgroup: string,
  uid: number,
  sweep: number,
): Cached {
  return {
    startTicks,
    rawName,
    name,
    cmdline,
    cgroup,
    uid,
    fds: null,
    fdsCounted: false,
    fdsCpuTicks: -1,
    fdsSweep: 0,
    seen: sweep,
    rssBytes: -1,
    lastCpuTicks: -1,
    lastRssPages: -1,
    rssSweep: 0,
    row: null,
    schedRun: -1,
  };
}

/** The owner of a process: its /proc directory's uid (-1 once it is gone). */
function readUid(dir: string): number {
  try {
    return statSync(dir).uid;
  } catch {
    return -1;
  }
}

/**
 * Reads /proc/PID/stat each tick (a kept-open file, one read; skipped for a single-threaded
 * process whose schedstat did not move), the cmdline and cgroup once per (pid, start time) or
 * when comm changes (exec), uid and fd counts at a slower cadence.
 */
export function processCollector(opts: ProcessCollectorOptions = {}): Collector<'processes'> {
  const reader = new ProcFileReader();
  const fdEvery = Math.max(1, opts.fdEveryTicks ?? 12);
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const cache = new Map<number, Cached>();
  // One scratch record for every stat line: parsing allocates nothing per process.
  const st = emptyPidStatFields();
  let sweep = 0;
  let kept: KeptFiles | null = null;
  let scheds: KeptFiles | null = null;
  let listing: ProcListing | null = null;
  let keptRoot = '';
  return {
    name: 'processes',
    collect(ctx: CollectContext): ProcessesRaw {
      const proc = ctx.roots.proc;
      if (kept === null || keptRoot !== proc) {
        kept?.closeAll();
        scheds?.closeAll();
        const keepOpen = opts.keepOpen ?? defaultKeepOpen(proc);
        kept = new KeptFiles(reader, 'stat', keepOpen);
        // Only through kept files (a kept file never follows a reused pid), when the kernel has it.
        const gate =
          keepOpen > 0 && (opts.schedstatGate ?? true) && reader.readRecord(`${proc}/self/schedstat`) > 0;
        scheds = gate ? new KeptFiles(reader, 'schedstat', keepOpen) : null;
        listing = procListing(reader, proc, opts.ownNamespace);
        keptRoot = proc;
      }
      const stats = kept;
      let listed: { entries: readonly string[]; fresh: boolean };
      try {
        listed = listing!.list();
      } catch (err) {
        throw new Error(`cannot list ${proc}: ${(err as Error).message}`);
      }
      const alive: string[] = [];
      // Each process has a slot every `fdEvery` ticks, spread by pid so no tick pays for all of
      // them at once: its statm is read again then, and its fds counted (IDLE_SLOTS).
      const fdSlot = ctx.tick % fdEvery;
      const list: ProcessRaw[] = [];
      sweep++;
      stats.beginSweep();
      scheds?.beginSweep();
      const idleRound = fdEvery * IDLE_SLOTS;
      let skipped = 0;
      for (const entry of listed.entries) {
        const c0 = entry.charCodeAt(0);
        if (c0 < 48 || c0 > 57) continue;
        const pid = Number(entry);
        const known = cache.get(pid);
        // A single-threaded process that has not run since its last stat read: the same row again,
        // from /proc/PID/schedstat alone (a third of stat's cost to the kernel, docs/performance.md).
        let run = -1;
        if (scheds !== null && known?.row && known.row.threads === 1) {
          const m = scheds.read(pid, proc, entry);
          run = m < 0 ? -1 : parseSchedstatRun(reader.bytes, m);
          if (
            run >= 0 &&
            scheds.sameProcess &&
            sameAsBefore(known, run, pid % fdEvery === fdSlot, sweep, idleRound, cache)
          ) {
            stats.keep(pid);
            known.seen = sweep;
            alive.push(entry);
            list.push(known.row);
            continue;
          }
        }
        const n = stats.read(pid, proc, entry);
        if (n < 0 || !parsePidStatBytes(reader.bytes, n, st)) {
          // Vanished since /proc was listed (not since an earlier listing: that one just exited).
          if (listed.fresh) skipped++;
          continue;
        }
        alive.push(entry);
        let c = cache.get(st.pid);
        // comm changes on exec: then the cmdline is read again (a zombie's and a kernel thread's is empty).
        if (
          !c ||
          c.startTicks !== st.startTicks ||
          !bytesEqual(reader.bytes, st.nameStart, st.nameEnd, c.rawName)
        ) {
          const rawName = reader.bytes.toString('latin1', st.nameStart, st.nameEnd);
          const uid = c && c.startTicks === st.startTicks ? c.uid : readUid(`${proc}/${entry}`);
          if (uid < 0) {
            skipped++;
            continue;
          }
          c = newCached(
            st.startTicks,
            rawName,
            sanitize(commText(reader.bytes, st.nameStart, st.nameEnd), 64),
            cmdlineOf(`${proc}/${entry}`),
            // Kernel threads all sit in the root cgroup: not worth a read each.
            isKernelThread(st.flags) ? '' : cgroupOf(`${proc}/${entry}`),
            uid,
            sweep,
          );
          cache.set(st.pid, c);
        }
        c.seen = sweep;
        // Read before this stat: if the process runs in between, the next tick sees it moved.
        c.schedRun = run;
        const onSlot = st.pid % fdEvery === fdSlot;
        // RSS from statm: stat's rss field is the kernel's fast per-CPU approximation (off by
        // 10% on small processes on recent kernels), statm's is exact and what ps shows. A
        // process that has not run cannot have faulted pages in, so statm is read again only
        // when its CPU time or stat's rss moved, or every IDLE_SLOTS-th slot (reclaim can shrink
        // an idle one).
        if (
          c.rssBytes < 0 ||
          c.lastCpuTicks !== st.cpuTicks ||
          c.lastRssPages !== st.rssPages ||
          (onSlot && sweep - c.rssSweep >= idleRound)
        ) {
          const m = reader.readRecord(`${proc}/${entry}/statm`);
          const resident = m < 0 ? Number.NaN : parseStatmResident(reader.bytes.toString('latin1', 0, m));
          c.rssBytes = (Number.isFinite(resident) ? resident : st.rssPages) * pageSize;
          c.lastCpuTicks = st.cpuTicks;
          c.lastRssPages = st.rssPages;
          c.rssSweep = sweep;
        }
        if (!c.fdsCounted || (onSlot && (c.fdsCpuTicks !== st.cpuTicks || sweep - c.fdsSweep >= idleRound))) {
          c.fds = countFdsOf(`${proc}/${entry}/fd`);
          c.fdsCounted = true;
          c.fdsCpuTicks = st.cpuTicks;
          c.fdsSweep = sweep;
        }
        list.push(rowOf(c, st));
      }
      for (const [pid, c] of cache) if (c.seen !== sweep) cache.delete(pid);
      stats.endSweep();
      scheds?.endSweep();
      listing!.keep(alive);
      return { list, skipped, oom: oomCandidates(proc, list, reader) };
    },
    close() {
      kept?.closeAll();
      scheds?.closeAll();
      kept = null;
      scheds = null;
    },
  };

  function defaultKeepOpen(proc: string): number {
    if (!isProcfs(proc)) return 0;
    const limit = openFilesLimit(reader, proc) ?? 1024;
    return Math.min(KEEP_OPEN_MAX, Math.floor(limit / 4));
  }

  // Through the shared buffer: on the first sweep this runs for every process.
  function cmdlineOf(dir: string): string {
    const n = reader.readBytes(`${dir}/cmdline`);
    return n <= 0 ? '' : cmdlineFromBytes(reader.bytes, n);
  }

  function cgroupOf(dir: string): string {
    const n = reader.readBytes(`${dir}/cgroup`);
    return n <= 0 ? '' : cgroupPathOf(reader.bytes.toString('latin1', 0, n));
  }

  function countFdsOf(dir: string): number | null {
    try {
      return readdirSync(dir).length;
    } catch {
      return null;
    }
  }
}
