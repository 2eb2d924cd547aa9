// /dev/kmsg: the kernel log without journald. Each read(2) returns one record
// `PRI,SEQ,USEC,FLAGS;MESSAGE\n` followed by ` KEY=VALUE\n` dictionary lines; non-printable
// bytes in MESSAGE are escaped as \xNN. Opened non-blocking: EAGAIN means "nothing new".
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';

export interface KmsgRecord {
  /** syslog severity 0–7. */
  priority: number;
  facility: number;
  seq: number;
  /** Microseconds since boot (CLOCK_MONOTONIC). */
  usec: number;
  /** Sanitised message text. */
  message: string;
}

/** Undo the kernel's `\xNN` escapes (bytes, so UTF-8 comes back whole). */
export function unescapeKmsg(text: string): string {
  if (!text.includes('\\x')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parse one record's first line; null when it is not a kmsg record. */
export function parseKmsgLine(line: string): KmsgRecord | null {
  const semi = line.indexOf(';');
  if (semi < 0) return null;
  const head = line.slice(0, semi).split(',');
  const pri = Number(head[0]);
  const seq = Number(head[1]);
  const usec = Number(head[2]);
  if (!Number.isInteger(pri) || !Number.isFinite(seq) || !Number.isFinite(usec)) return null;
  return {
    priority: pri & 7,
    facility: pri >> 3,
    seq,
    usec,
    message: sanitize(unescapeKmsg(line.slice(semi + 1)), 2048),
  };
}

/** Parse a chunk holding whole records (dictionary lines, which start with a space, are skipped). */
export function parseKmsgText(text: string): KmsgRecord[] {
  const out: KmsgRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const r = parseKmsgLine(line);
    if (r) out.push(r);
  }
  return out;
}

/** A non-blocking reader of /dev/kmsg (or of a regular file with the same format, for fixtures). */
export interface KmsgReader {
  /** Every complete record available now. */
  drain(): KmsgRecord[];
  close(): void;
}

export function openKmsg(path: string): KmsgReader {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.allocUnsafe(16 * 1024);
  let partial = '';
  let closed = false;
  return {
    drain() {
      if (closed) return [];
      const chunks: string[] = [];
      // Bounded, so a log storm cannot hold a tick: the rest is read next tick.
      for (let i = 0; i < 4096; i++) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, buf.length, null);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' || code === 'EWOULDBLOCK') break;
          // EPIPE: records were overwritten before we read them; the next read resumes.
          if (code === 'EPIPE') continue;
          throw err;
        }
        if (n <= 0) break;
        chunks.push(buf.toString('latin1', 0, n));
      }
      if (chunks.length === 0) return [];
      const text = partial + chunks.join('');
      const end = text.lastIndexOf('\n');
      partial = text.slice(end + 1);
      // kmsg text is bytes; latin1 kept them 1:1, now decode as UTF-8 for the message.
      return parseKmsgText(Buffer.from(text.slice(0, end + 1), 'latin1').toString('utf8'));
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
