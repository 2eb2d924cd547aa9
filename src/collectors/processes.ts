import { readdirSync, readFileSync, statSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { CollectContext, Collector, ProcessesRaw, ProcessRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';

const PF_KTHREAD = 0x00200000;

/** The numeric fields of /proc/PID/stat, parsed in place from its bytes (see parsePidStatBytes). */
export interface PidStatFields {
  pid: number;
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
  /** The comm is bytes [nameStart, nameEnd) of the parsed buffer. */
  nameStart: number;
  nameEnd: number;
}

export function emptyPidStatFields(): PidStatFields {
  return {
    pid: 0,
    state: '',
    ppid: 0,
    pgid: 0,
    sid: 0,
    ttyNr: 0,
    flags: 0,
    cpuTicks: 0,
    threads: 0,
    startTicks: 0,
    rssPages: 0,
    nameStart: 0,
    nameEnd: 0,
  };
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
/** Index of the last field Vigil reads, counting the state as field 0 (rss). */
const LAST_FIELD = 21;

/**
 * Parse /proc/PID/stat from bytes [0, len) of `b` into `out`, without making a string: this runs
 * for every process on every tick. The comm field may hold spaces and parentheses (any process
 * can set it), so it spans from the first `(` to the *last* `)`. False when the text is not a
 * stat line (truncated, garbage).
 */
export function parsePidStatBytes(b: Uint8Array, len: number, out: PidStatFields): boolean {
  let open = -1;
  for (let i = 0; i < len; i++) {
    if (b[i] === 0x28) {
      open = i;
      break;
    }
  }
  let close = -1;
  for (let i = len - 1; i > open; i--) {
    if (b[i] === 0x29) {
      close = i;
      break;
    }
  }
  if (open < 0 || close < 0) return false;
  let pidEnd = open;
  while (pidEnd > 0 && b[pidEnd - 1] === SPACE) pidEnd--;
  if (pidEnd === 0) return false;
  let pid = 0;
  for (let i = 0; i < pidEnd; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return false;
    pid = pid * 10 + d;
  }
  // ") S 1 …": the state is one letter, then space-separated integers.
  let p = close + 2;
  if (b[close + 1] !== SPACE || p >= len || b[p + 1] !== SPACE) return false;
  out.state = String.fromCharCode(b[p]!);
  p++;
  let utime = 0;
  for (let field = 1; field <= LAST_FIELD; field++) {
    if (p >= len || b[p] !== SPACE) return false;
    p++;
    const negative = b[p] === MINUS;
    if (negative) p++;
    const start = p;
    let v = 0;
    for (; p < len; p++) {
      const c = b[p]!;
      if (c === SPACE || c === NEWLINE) break;
      const d = c - 48;
      if (d < 0 || d > 9) return false;
      v = v * 10 + d;
    }
    if (p === start) return false;
    if (negative) v = -v;
    switch (field) {
      case 1:
        out.ppid = v;
        break;
      case 2:
        out.pgid = v;
        break;
      case 3:
        out.sid = v;
        break;
      case 4:
        out.ttyNr = v;
        break;
      case 6:
        out.flags = v;
        break;
      case 11:
        utime = v;
        break;
      case 12:
        out.cpuTicks = utime + v;
        break;
      case 17:
        out.threads = v;
        break;
      case 19:
        out.startTicks = v;
        break;
      case 21:
        out.rssPages = v;
        break;
    }
  }
  out.pid = pid;
  out.nameStart = open + 1;
  out.nameEnd = close;
  return true;
}

export interface PidStat extends Omit<PidStatFields, 'nameStart' | 'nameEnd'> {
  name: string;
}

/** parsePidStatBytes for a stat line already read as (latin1) text; null when it is not one. */
export function parsePidStat(text: string): PidStat | null {
  const bytes = Buffer.from(text, 'latin1');
  const f = emptyPidStatFields();
  if (!parsePidStatBytes(bytes, bytes.length, f)) return null;
  const { nameStart, nameEnd, ...rest } = f;
  return { ...rest, name: bytes.toString('latin1', nameStart, nameEnd) };
}

/** Whether bytes [start, end) of `b` spell `s` (latin1), without decoding them. */
export function bytesEqual(b: Uint8Array, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
  return true;
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
  /** The row last returned for this process (pid, start time, name, cmdline and uid fixed). */
  row: ProcessRaw | null;
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
            name: sanitize(rawName, 64),
            cmdline: readCmdline(reader, `${proc}/${entry}/cmdline`),
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
          state: st.state,
          cpuTicks: st.cpuTicks,
          startTicks: st.startTicks,
          rssBytes: c.rssBytes,
          threads: st.threads,
          fds: c.fds,
          kernelThread: (st.flags & PF_KTHREAD) !== 0,
        };
        list.push(c.row);
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
