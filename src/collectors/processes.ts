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
  parsePidStatBytes,
  parseStatmResident,
} from '../proc/parse.ts';
import { PAGE_SIZE } from '../proc/read.ts';
import { oomCandidates } from './oom-score.ts';
import { ProcFileReader } from './procfs.ts';

export interface ProcessCollectorOptions {
  /** Count open fds every N ticks (default 12); 1 = every tick. */
  fdEveryTicks?: number;
  pageSize?: number;
}

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
  /** Last exact RSS (statm), -1 before the first read, and the CPU time it was read at. */
  rssBytes: number;
  lastCpuTicks: number;
  /** The row last returned for this process (pid, start time, name, cmdline and uid fixed). */
  row: ProcessRaw | null;
}

/**
 * Reads every /proc/PID/stat each tick (one reused buffer), the cmdline and cgroup once per
 * (pid, start time) or when comm changes (exec), uid and fd counts at a slower cadence.
 */
export function processCollector(opts: ProcessCollectorOptions = {}): Collector<'processes'> {
  const reader = new ProcFileReader();
  const fdEvery = Math.max(1, opts.fdEveryTicks ?? 12);
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const cache = new Map<number, Cached>();
  // One scratch record for every stat line: parsing allocates nothing per process.
  const st = emptyPidStatFields();
  return {
    name: 'processes',
    collect(ctx: CollectContext): ProcessesRaw {
      const proc = ctx.roots.proc;
      let entries: string[];
      try {
        entries = readdirSync(proc);
      } catch (err) {
        throw new Error(`cannot list ${proc}: ${(err as Error).message}`);
      }
      // Each process gets its fds counted every `fdEvery` ticks, spread by pid so no tick pays
      // for all of them at once.
      const fdSlot = ctx.tick % fdEvery;
      const list: ProcessRaw[] = [];
      const alive = new Set<number>();
      let skipped = 0;
      for (const entry of entries) {
        const c0 = entry.charCodeAt(0);
        if (c0 < 48 || c0 > 57) continue;
        const n = reader.readBytes(`${proc}/${entry}/stat`);
        if (n < 0 || !parsePidStatBytes(reader.bytes, n, st)) {
          skipped++;
          continue;
        }
        alive.add(st.pid);
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
          c = {
            startTicks: st.startTicks,
            rawName,
            name: sanitize(commText(reader.bytes, st.nameStart, st.nameEnd), 64),
            cmdline: cmdlineOf(`${proc}/${entry}`),
            // Kernel threads all sit in the root cgroup: not worth a read each.
            cgroup: isKernelThread(st.flags) ? '' : cgroupOf(`${proc}/${entry}`),
            uid,
            fds: null,
            fdsCounted: false,
            rssBytes: -1,
            lastCpuTicks: -1,
            row: null,
          };
          cache.set(st.pid, c);
        }
        // RSS from statm: stat's rss field is the kernel's fast per-CPU approximation (off by
        // 10% on small processes on recent kernels), statm's is exact and what ps shows. A
        // process that has not run cannot have faulted pages in, so statm is read again only
        // when its CPU time moved, or on its slot (reclaim can shrink an idle one).
        if (c.rssBytes < 0 || c.lastCpuTicks !== st.cpuTicks || st.pid % fdEvery === fdSlot) {
          const statm = reader.read(`${proc}/${entry}/statm`);
          const resident = statm === null ? Number.NaN : parseStatmResident(statm);
          c.rssBytes = (Number.isFinite(resident) ? resident : st.rssPages) * pageSize;
          c.lastCpuTicks = st.cpuTicks;
        }
        if (!c.fdsCounted || st.pid % fdEvery === fdSlot) {
          c.fds = countFdsOf(`${proc}/${entry}/fd`);
          c.fdsCounted = true;
        }
        // Rows are never changed once made, so a process that did not move since the last sweep
        // (most of them, most of the time) gives the same row again: nothing is allocated for it.
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
          list.push(row);
          continue;
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
        list.push(c.row);
      }
      for (const pid of cache.keys()) if (!alive.has(pid)) cache.delete(pid);
      return { list, skipped, oom: oomCandidates(proc, list, reader) };
    },
  };

  function readUid(dir: string): number {
    try {
      return statSync(dir).uid;
    } catch {
      return -1;
    }
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
