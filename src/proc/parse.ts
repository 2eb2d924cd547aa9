// Pure parsers of the kernel's process files (/proc/PID/{stat,statm,cmdline,status}, /proc/stat)
// and of /etc/passwd. The per-tick collector (src/collectors/) and the on-demand readers beside
// this file share them, so a process reads the same whichever path looked at it.
import { sanitize } from '../core/sanitize.ts';

/** PF_KTHREAD in /proc/PID/stat's flags: the kernel's own threads (no cmdline, no user space). */
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

/**
 * parsePidStatBytes for a stat line already read as (latin1) text; null when it is not one. The
 * comm is decoded as UTF-8 (what a process set with prctl or /proc/PID/comm), bad bytes as U+FFFD.
 */
export function parsePidStat(text: string): PidStat | null {
  const bytes = Buffer.from(text, 'latin1');
  const f = emptyPidStatFields();
  if (!parsePidStatBytes(bytes, bytes.length, f)) return null;
  const { nameStart, nameEnd, ...rest } = f;
  return { ...rest, name: commText(bytes, nameStart, nameEnd) };
}

/** A comm (bytes [start, end) of a stat line) as text: UTF-8, invalid bytes as U+FFFD. */
export function commText(b: Buffer, start: number, end: number): string {
  return b.toString('utf8', start, end);
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

/** Whether stat `flags` mark a kernel thread. */
export function isKernelThread(flags: number): boolean {
  return (flags & PF_KTHREAD) !== 0;
}

/** Bytes [0, len) of a /proc/PID/cmdline without its trailing NULs, as UTF-8 text. */
function cmdlineText(b: Buffer, len: number): string {
  let end = len;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.toString('utf8', 0, end);
}

/** A /proc/PID/cmdline (bytes [0, len) of `b`) as one line, NULs as spaces, sanitised. */
export function cmdlineFromBytes(b: Buffer, len: number): string {
  return sanitize(cmdlineText(b, len).replace(/\0/g, ' '));
}

/** The basename of argv[0] in a /proc/PID/cmdline, sanitised ('' for kernel threads and zombies). */
export function argv0FromBytes(b: Buffer, len: number): string {
  const argv0 = cmdlineText(b, len).split('\0', 1)[0]!;
  return sanitize(argv0.slice(argv0.lastIndexOf('/') + 1), 256);
}

/** The thread group (process) id in a /proc/ID/status text; null without a `Tgid:` line. */
export function parseStatusTgid(text: string): number | null {
  const m = /^Tgid:\s*(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Boot time (seconds since the epoch) from /proc/stat's last `btime` line; 0 without one. */
export function parseBootTime(text: string): number {
  let start = text.lastIndexOf('\nbtime ');
  if (start >= 0) start++;
  else if (text.startsWith('btime ')) start = 0;
  else return 0;
  const end = text.indexOf('\n', start);
  return Number(text.slice(start + 6, end < 0 ? undefined : end)) || 0;
}

/**
 * `/proc/PID/schedstat` (time on the CPU in ns, time waiting on a run queue, times scheduled)
 * as one number that moves whenever the task ran: the run time plus the count. -1 when the bytes
 * are not three numbers. Parsed from the read buffer's bytes, allocating nothing.
 */
export function parseSchedstatRun(b: Uint8Array, len: number): number {
  let field = 0;
  let value = 0;
  let run = -1;
  let digits = 0;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? b[i]! : 0x20;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
    } else if (c === 0x20 || c === 0x0a) {
      if (digits === 0) continue;
      if (field === 0) run = value;
      else if (field === 2) return run + value;
      field++;
      value = 0;
      digits = 0;
    } else return -1;
  }
  return -1;
}
