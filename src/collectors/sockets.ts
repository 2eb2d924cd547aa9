// Sockets: /proc/net/{tcp,tcp6,udp,udp6} parsing, connection counts by state, and the
// listening sockets of one process (its /proc/PID/fd socket inodes matched against the tables),
// for `explain`. Parsers are pure; the I/O helpers take the proc root.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type SocketProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export const SOCKET_PROTOCOLS: readonly SocketProtocol[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** include/net/tcp_states.h */
export const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

export interface SocketEntry {
  protocol: SocketProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** State name (TCP_STATES); a UDP socket that is only bound is `CLOSE`. */
  state: string;
  uid: number;
  inode: number;
}

/** One little-endian 32-bit word of /proc/net/tcp as bytes in network order. */
function wordBytes(hex: string): number[] {
  const v = Number.parseInt(hex, 16);
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Decode the kernel's hex address (`0100007F` → 127.0.0.1; 32 hex digits → IPv6). */
export function decodeAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  if (hex.length !== 32) return hex;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  // IPv4-mapped (::ffff:a.b.c.d) reads better in its dotted form.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  // RFC 5952: the longest run (>= 2) of zero groups becomes `::`.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/** Parse one /proc/net/{tcp,tcp6,udp,udp6} table (header line skipped). */
export function parseSocketTable(text: string, protocol: SocketProtocol): SocketEntry[] {
  const out: SocketEntry[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [la, lp] = (f[1] ?? '').split(':');
    const [ra, rp] = (f[2] ?? '').split(':');
    if (!la || !lp || !ra || !rp) continue;
    const st = Number.parseInt(f[3] ?? '', 16);
    out.push({
      protocol,
      localAddress: decodeAddress(la),
      localPort: Number.parseInt(lp, 16),
      remoteAddress: decodeAddress(ra),
      remotePort: Number.parseInt(rp, 16),
      state: TCP_STATES[st] ?? `UNKNOWN_${st}`,
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

/**
 * Counts by protocol family and state, e.g. `tcp.ESTABLISHED`, `tcp.LISTEN`, `udp.CLOSE`
 * (tcp6 and udp6 are counted with tcp and udp). Counts lines only, without building entries.
 */
export function countConnections(
  tables: { protocol: SocketProtocol; text: string }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { protocol, text } of tables) {
    const family = protocol.startsWith('tcp') ? 'tcp' : 'udp';
    let pos = text.indexOf('\n') + 1;
    while (pos > 0 && pos < text.length) {
      const end = text.indexOf('\n', pos);
      const line = text.slice(pos, end < 0 ? text.length : end);
      pos = end < 0 ? text.length : end + 1;
      // The state is the 4th field: `sl: local remote st`.
      const m = /^\s*\d+:\s+\S+\s+\S+\s+([0-9A-Fa-f]{2})\s/.exec(line);
      if (!m) continue;
      const st = Number.parseInt(m[1]!, 16);
      const key = `${family}.${TCP_STATES[st] ?? `UNKNOWN_${st}`}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

/** Socket inodes among a set of fd link targets (`socket:[12345]`). */
export function socketInodes(links: string[]): Set<number> {
  const out = new Set<number>();
  for (const l of links) {
    const m = /^socket:\[(\d+)\]$/.exec(l);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/** The listening TCP sockets and bound (unconnected) UDP sockets among `entries` owned through `inodes`. */
export function listeningOf(entries: SocketEntry[], inodes: Set<number>): SocketEntry[] {
  return entries.filter(
    (e) =>
      inodes.has(e.inode) &&
      e.inode !== 0 &&
      (e.protocol.startsWith('tcp') ? e.state === 'LISTEN' : e.state === 'CLOSE'),
  );
}

/** All sockets of the process's network namespace (the tables under /proc/PID/net). */
export function readSocketTables(procRoot: string, pid: number | 'self' = 'self'): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const p of SOCKET_PROTOCOLS) {
    try {
      out.push(...parseSocketTable(readFileSync(`${procRoot}/${pid}/net/${p}`, 'latin1'), p));
    } catch {
      // a protocol the kernel lacks (no IPv6), or the process is gone
    }
  }
  return out;
}

/**
 * The sockets `pid` listens on. Needs to read /proc/PID/fd (same user or root); an unreadable
 * or vanished process gives null, a process without listening sockets [].
 */
export function listeningSocketsOfPid(procRoot: string, pid: number): SocketEntry[] | null {
  let fds: string[];
  try {
    fds = readdirSync(`${procRoot}/${pid}/fd`);
  } catch {
    return null;
  }
  const links: string[] = [];
  for (const fd of fds) {
    try {
      links.push(readlinkSync(`${procRoot}/${pid}/fd/${fd}`));
    } catch {
      // fd closed meanwhile
    }
  }
  const inodes = socketInodes(links);
  if (inodes.size === 0) return [];
  return listeningOf(readSocketTables(procRoot, pid), inodes);
}
