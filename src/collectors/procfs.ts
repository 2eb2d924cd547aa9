import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads small kernel files into one reused buffer (open/read/close): about 1.5× the cost of C,
 * against 2.2× for readFileSync (docs/performance.md). Missing or unreadable files give null —
 * processes vanish between readdir and read all the time.
 */
export class ProcFileReader {
  private buf: Buffer;
  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** The whole file as text, or null if it is gone or unreadable. */
  read(path: string, encoding: BufferEncoding = 'latin1'): string | null {
    const n = this.readBytes(path);
    return n < 0 ? null : this.buf.toString(encoding, 0, n);
  }

  /** The shared buffer the last `readBytes` filled (valid until the next call). */
  get bytes(): Buffer {
    return this.buf;
  }

  /** Bytes read into the shared buffer (valid until the next call), -1 on error. */
  readBytes(path: string): number {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return -1;
    }
    try {
      let total = 0;
      for (;;) {
        if (total === this.buf.length) this.grow();
        const n = readSync(fd, this.buf, total, this.buf.length - total, null);
        if (n <= 0) break;
        total += n;
      }
      return total;
    } catch {
      return -1;
    } finally {
      closeSync(fd);
    }
  }

  private grow(): void {
    const next = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(next);
    this.buf = next;
  }
}
