import { closeSync, openSync, readdirSync, readlinkSync, readSync, readvSync, statfsSync } from 'node:fs';

/**
 * Reads small kernel files into one reused buffer (open/read/close, one read for a one-record
 * file): about 1.2× the cost of C, against 2.2× for readFileSync (docs/performance.md); files
 * kept open (KeptFiles below) cost less than C's open/read/close. Missing or unreadable files
 * give null — processes vanish between readdir and read all the time.
 */
export class ProcFileReader {
  private buf: Buffer;
  /** [buf], for readvSync (see `readFrom`). */
  private whole: Buffer[];
  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
    this.whole = [this.buf];
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

  /**
   * A file the kernel generates as one record (`/proc/PID/stat`, `statm`: single_open seq_files),
   * in one read: when the read does not fill the buffer it holds the whole file, and the second
   * read `readBytes` makes would only meet EOF (one syscall saved per file, ~1,100 a tick). Not for
   * multi-record files (`/proc/net/tcp`): the kernel hands those out a page per read. Bytes read
   * into the shared buffer, -1 on error.
   */
  readRecord(path: string): number {
    return this.readPath(path, true);
  }

  /**
   * Read an open kernel file again from its start (pread): the kernel generates it anew. One read,
   * as `readRecord`. Bytes read into the shared buffer, -1 on error (ESRCH: the process is gone).
   */
  readFd(fd: number): number {
    try {
      const n = this.readFrom(fd, 0);
      return n < this.buf.length ? n : this.readRest(fd, n);
    } catch {
      return -1;
    }
  }

  /** Bytes read into the shared buffer (valid until the next call), -1 on error. */
  readBytes(path: string): number {
    return this.readPath(path, false);
  }

  /** Open, read (one record or to EOF), close. */
  private readPath(path: string, record: boolean): number {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return -1;
    }
    try {
      return record ? this.readFd(fd) : this.readRest(fd, 0);
    } catch {
      return -1;
    } finally {
      closeSync(fd);
    }
  }

  /** Read on from `total` bytes to EOF, growing the buffer as needed. */
  private readRest(fd: number, total: number): number {
    for (;;) {
      if (total === this.buf.length) this.grow();
      const n = this.readFrom(fd, total);
      if (n <= 0) return total;
      total += n;
    }
  }

  /**
   * pread into the buffer from `total` on, at that file offset (after a pread the file position
   * is still 0). From the start — nearly every read — through readvSync: fs.readSync reads its
   * `arguments`, which only TurboFan keeps off the heap; under the daemon's Maglev tier each call
   * allocated ~350 bytes, 1,000 calls a tick (docs/performance.md, "Memory").
   */
  private readFrom(fd: number, total: number): number {
    if (total === 0) return readvSync(fd, this.whole, 0);
    return readSync(fd, this.buf, total, this.buf.length - total, total);
  }

  private grow(): void {
    const next = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(next);
    this.buf = next;
    this.whole = [next];
  }
}

/** statfs(2)'s f_type of a procfs mount. */
const PROC_SUPER_MAGIC = 0x9fa0;

/** Whether `path` is a procfs mount (a fixture tree of plain files is not). */
export function isProcfs(path: string): boolean {
  try {
    return statfsSync(path).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/** The soft limit on this process's open files, from `/proc/self/limits` (null if unreadable). */
export function openFilesLimit(reader: ProcFileReader, proc = '/proc'): number | null {
  const text = reader.read(`${proc}/self/limits`);
  const m = text === null ? null : /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!m) return null;
  return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

/**
 * Per-process files (`/proc/PID/stat`) kept open between sweeps and read again from offset 0:
 * one pread a tick instead of open + read + close, the two calls whose path walk and file set-up
 * are most of what a sweep costs (docs/performance.md: ~0.6x the cost of C's open/read/close).
 * An open file stays bound to its process: once that process is gone (even if its pid is reused)
 * a read fails with ESRCH, the file is closed and the path opened again. The kernel keeps a page
 * (its seq_file buffer, ~4 KB) per open file, so at most `max` are kept; past that, files are
 * opened and closed as before.
 */
export class KeptFiles {
  private files = new Map<number, { fd: number; seen: number }>();
  private sweep = 0;
  private readonly reader: ProcFileReader;
  private readonly file: string;
  private readonly max: number;
  /**
   * Whether the last `read` came through a file kept open since an earlier sweep: then its bytes
   * are the same process's as the last time (a kept file never follows a reused pid).
   */
  sameProcess = false;
  /** Keeps `/proc/PID/<file>` open for at most `max` processes. */
  constructor(reader: ProcFileReader, file: string, max: number) {
    this.reader = reader;
    this.file = file;
    this.max = max;
  }

  get size(): number {
    return this.files.size;
  }

  /** Start a sweep: files not read during it are closed by `endSweep`. */
  beginSweep(): void {
    this.sweep++;
  }

  /** Bytes of `proc/entry/<file>` (pid `key`) in the reader's buffer, -1 when unreadable. */
  read(key: number, proc: string, entry: string): number {
    this.sameProcess = false;
    const kept = this.files.get(key);
    if (kept) {
      const n = this.reader.readFd(kept.fd);
      if (n >= 0) {
        kept.seen = this.sweep;
        this.sameProcess = true;
        return n;
      }
      // The process is gone (or its pid now names another one): open the path again.
      closeSync(kept.fd);
      this.files.delete(key);
    }
    const path = `${proc}/${entry}/${this.file}`;
    if (this.files.size >= this.max) return this.reader.readRecord(path);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return -1;
    }
    const n = this.reader.readFd(fd);
    if (n < 0) {
      closeSync(fd);
      return -1;
    }
    this.files.set(key, { fd, seen: this.sweep });
    return n;
  }

  /** Keep the file of `key` open through this sweep without reading it. */
  keep(key: number): void {
    const kept = this.files.get(key);
    if (kept) kept.seen = this.sweep;
  }

  /** Close the files of processes this sweep did neither read nor keep. */
  endSweep(): void {
    for (const [key, f] of this.files) {
      if (f.seen !== this.sweep) {
        closeSync(f.fd);
        this.files.delete(key);
      }
    }
  }

  closeAll(): void {
    for (const f of this.files.values()) closeSync(f.fd);
    this.files.clear();
  }
}

/** The last pid the kernel handed out in this pid namespace: /proc/loadavg's last field, or -1. */
export function lastPidOf(loadavg: string | null): number {
  if (loadavg === null) return -1;
  const text = loadavg.trimEnd();
  const n = Number(text.slice(text.lastIndexOf(' ') + 1));
  return Number.isInteger(n) && n > 0 ? n : -1;
}

/** Whether `proc` shows this process's own pid namespace (`self` is this pid there). */
export function ownNamespace(proc: string): boolean {
  try {
    return readlinkSync(`${proc}/self`) === String(process.pid);
  } catch {
    return false;
  }
}

export interface ProcListing {
  /** The directory entries to sweep; `fresh` when /proc was listed for them. */
  list(): { entries: readonly string[]; fresh: boolean };
  /** The entries the sweep found alive: the next list when no process was created since. */
  keep(alive: string[]): void;
}

/**
 * The pid directories to sweep. `proc` is listed again only when the kernel handed out a pid
 * since the last listing (lastPidOf): otherwise no process can have appeared, and the last
 * sweep's live entries are the list (one gone since fails its read and drops out). Listing
 * /proc costs about as much as reading 200 stat files; a quiet machine forks rarely. Only where
 * `proc` is this process's own pid namespace's (`own`): another namespace's pids move unseen.
 */
export function procListing(
  reader: ProcFileReader,
  proc: string,
  own: (proc: string) => boolean = ownNamespace,
): ProcListing {
  const watchPids = own(proc);
  let known: readonly string[] | null = null;
  let lastPid = -1;
  return {
    list() {
      const last = watchPids ? lastPidOf(reader.read(`${proc}/loadavg`)) : -1;
      if (known !== null && last > 0 && last === lastPid) return { entries: known, fresh: false };
      // Read before listing: a process made in between moves the counter, so it is listed next time.
      lastPid = last;
      return { entries: readdirSync(proc), fresh: true };
    },
    keep(alive) {
      known = alive;
    },
  };
}
