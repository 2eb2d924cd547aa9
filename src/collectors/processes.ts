import { readdirSync, readFileSync, statSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { CollectContext, Collector, ProcessesRaw, ProcessRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';

const PF_KTHREAD = 0x00200000;

export interface PidStat {
  pid: number;
  name: string;
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  ttyNr: number;
  flags: number;
  cpuTicks: number;
  threads: number;
  startTicks: number;
  rssPages: number;
}

/**
 * Parse /proc/PID/stat. The comm field may hold spaces and parentheses (any process can set
 * it), so it spans from the first `(` to the *last* `)`.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open));
  const f = text.slice(close + 2).split(' ');
  if (!Number.isInteger(pid) || f.length < 22) return null;
  const n = (i: number) => Number(f[i]);
  return {
    pid,
    name: text.slice(open + 1, close),
    state: f[0]!,
    ppid: n(1),
    pgid: n(2),
    sid: n(3),
    ttyNr: n(4),
    flags: n(6),
    cpuTicks: n(11) + n(12),
    threads: n(17),
    startTicks: n(19),
    rssPages: n(21),
  };
}

/** Resident pages: the second field of /proc/PID/statm. */
export function parseStatmResident(text: string): number {
  const a = text.indexOf(' ');
  const b = text.indexOf(' ', a + 1);
  return a < 0 ? Number.NaN : Number(text.slice(a + 1, b < 0 ? undefined : b));
}

/** uid → user name from an /etc/passwd text. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid)) users.set(Number(uid), name);
  }
  return users;
}

export interface ProcessCollectorOptions {
  /** Count open fds every N ticks (default 12); 1 = every tick. */
  fdEveryTicks?: number;
  pageSize?: number;
}

interface Cached {
  startTicks: number;
  /** comm as read, to notice an exec without sanitising every tick. */
  rawName: string;
  name: string;
  cmdline: string;
  uid: number;
  fds: number | null;
  /** Counted at least once (an unreadable fd dir stays null without being retried every tick). */
  fdsCounted: boolean;
  /** Last exact RSS (statm), -1 before the first read, and the CPU time it was read at. */
  rssBytes: number;
  lastCpuTicks: number;
}

/**
 * Reads every /proc/PID/stat each tick (one reused buffer), the cmdline once per
 * (pid, start time) or when comm changes (exec), uid and fd counts at a slower cadence.
 */
export function processCollector(opts: ProcessCollectorOptions = {}): Collector<'processes'> {
  const reader = new ProcFileReader();
  const fdEvery = Math.max(1, opts.fdEveryTicks ?? 12);
  const pageSize = opts.pageSize ?? 4096;
  const cache = new Map<number, Cached>();
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
        const text = reader.read(`${proc}/${entry}/stat`);
        const st = text === null ? null : parsePidStat(text);
        if (!st) {
          skipped++;
          continue;
        }
        alive.add(st.pid);
        let c = cache.get(st.pid);
        // comm changes on exec: then the cmdline is read again (a zombie's and a kernel thread's is empty).
        if (!c || c.startTicks !== st.startTicks || c.rawName !== st.name) {
          const uid = c && c.startTicks === st.startTicks ? c.uid : readUid(`${proc}/${entry}`);
          if (uid < 0) {
            skipped++;
            continue;
          }
          c = {
            startTicks: st.startTicks,
            rawName: st.name,
            name: sanitize(st.name, 64),
            cmdline: readCmdline(reader, `${proc}/${entry}/cmdline`),
            uid,
            fds: null,
            fdsCounted: false,
            rssBytes: -1,
            lastCpuTicks: -1,
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
        list.push({
          pid: st.pid,
          ppid: st.ppid,
          pgid: st.pgid,
          sid: st.sid,
          ttyNr: st.ttyNr,
          uid: c.uid,
          name: c.name,
          cmdline: c.cmdline,
          state: st.state,
          cpuTicks: st.cpuTicks,
          startTicks: st.startTicks,
          rssBytes: c.rssBytes,
          threads: st.threads,
          fds: c.fds,
          kernelThread: (st.flags & PF_KTHREAD) !== 0,
        });
      }
      for (const pid of cache.keys()) if (!alive.has(pid)) cache.delete(pid);
      return { list, skipped };
    },
  };

  function readUid(dir: string): number {
    try {
      return statSync(dir).uid;
    } catch {
      return -1;
    }
  }

  function countFdsOf(dir: string): number | null {
    try {
      return readdirSync(dir).length;
    } catch {
      return null;
    }
  }
}

function readCmdline(reader: ProcFileReader, path: string): string {
  const n = reader.readBytes(path);
  return n <= 0 ? '' : sanitize(reader.lastAsArgs(n));
}

/** uid → name, from the passwd file (read once per call site; falls back to the number). */
export function userResolver(passwdPath = '/etc/passwd'): (uid: number) => string {
  let users: Map<number, string> | null = null;
  return (uid) => {
    if (!users) {
      try {
        users = parsePasswd(readFileSync(passwdPath, 'utf8'));
      } catch {
        users = new Map();
      }
    }
    return users.get(uid) ?? String(uid);
  };
}
