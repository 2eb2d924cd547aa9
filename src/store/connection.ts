// The one place that keeps history's failure rules (SPEC §11): the handle is opened at start and,
// after a failure, again on a later write (at most once per `retryMs`); a write runs in one
// transaction and never throws — a read-only or full disk pauses history (logged once) and the
// next good write resumes it; a read that fails gives its fallback. The concern modules (samples,
// alerts, actions, AI calls, baselines, the recorder lock) only say what to write and read.

import { realClock } from '../core/clock.ts';
import type { Clock, Logger } from '../core/types.ts';
import {
  closeQuietly,
  errMessage,
  isCorrupt,
  moveAside,
  mustReopen,
  type Opened,
  openForReading,
  openForWriting,
} from './open.ts';
import { SchemaTooNewError } from './schema.ts';
import { type Database, type Statement, sqliteCode } from './sqlite.ts';
import type { StoreStatus } from './types.ts';

export interface ConnectionOptions {
  dataDir: string;
  path: string;
  readonly: boolean;
  /** Move a corrupt file aside and start a new one. */
  recover: boolean;
  retryMs: number;
  log: Logger;
  clock: Clock;
}

/** A cached `prepare` for one concern module; its statements are dropped with the handle. */
export type Prepare = (sql: string) => Statement;

/** The database handle with its failure rules. Opens at construction; never throws. */
export class Connection {
  readonly path: string;
  readonly readonly: boolean;
  readonly #o: ConnectionOptions;
  #db: Database | null = null;
  #version: number | null = null;
  #reason: string | null = null;
  #paused = false;
  #lastOpenAttempt = 0;
  readonly #stats = { writes: 0, failedWrites: 0, lastWriteMs: 0, maxWriteMs: 0 };
  readonly #caches: Map<string, Statement>[] = [];

  constructor(o: ConnectionOptions) {
    this.#o = o;
    this.path = o.path;
    this.readonly = o.readonly;
    this.#open();
  }

  /** The open handle, or null while history is unavailable. */
  handle(): Database | null {
    return this.#db;
  }

  /** Why history is unavailable or paused, or null. */
  reason(): string | null {
    return this.#reason;
  }

  statements(): Prepare {
    const cache = new Map<string, Statement>();
    this.#caches.push(cache);
    return (sql) => {
      let s = cache.get(sql);
      if (!s) {
        s = this.#db!.prepare(sql);
        cache.set(sql, s);
      }
      return s;
    };
  }

  /** Run a write in one transaction; on failure pause history (logged once) and return false. */
  write(name: string, fn: () => void): boolean {
    if (this.readonly) return false;
    if (!this.#db) {
      if (this.#o.clock.monotonic() - this.#lastOpenAttempt < this.#o.retryMs) return false;
      this.#open();
      if (!this.#db) return false;
    }
    const started = realClock.monotonic();
    try {
      this.#db.transaction(fn).immediate();
    } catch (err) {
      this.#writeFailed(name, err);
      return false;
    }
    this.#wrote(realClock.monotonic() - started);
    return true;
  }

  /** Run a read; failures give the fallback (a report on a broken file shows nothing, not a crash). */
  read<T>(fallback: T, fn: () => T): T {
    if (!this.#db) return fallback;
    try {
      return fn();
    } catch (err) {
      this.#o.log.once(`store-read:${errMessage(err)}`, 'warn', 'history read failed', {
        path: this.path,
        error: errMessage(err),
      });
      return fallback;
    }
  }

  status(): StoreStatus {
    return {
      available: this.#db !== null,
      paused: this.#paused,
      reason: this.#reason,
      path: this.path,
      schemaVersion: this.#version,
      readonly: this.readonly,
      ...this.#stats,
    };
  }

  close(): void {
    closeQuietly(this.#db);
    this.#db = null;
    for (const c of this.#caches) c.clear();
  }

  #open(): void {
    const { dataDir, clock, log } = this.#o;
    this.#lastOpenAttempt = clock.monotonic();
    this.close();
    try {
      this.#opened(this.readonly ? openForReading(this.path) : openForWriting(dataDir, this.path));
    } catch (err) {
      if (!(isCorrupt(err) && this.#o.recover && !this.readonly)) {
        this.#failed(err);
        return;
      }
      try {
        moveAside(this.path, errMessage(err), clock, log);
        this.#opened(openForWriting(dataDir, this.path));
      } catch (again) {
        this.#failed(again);
      }
    }
  }

  #opened(o: Opened): void {
    this.#db = o.handle;
    this.#version = o.version;
    if (this.#paused || this.#reason) this.#o.log.info('history available', { path: this.path });
    this.#reason = null;
    this.#paused = false;
  }

  #failed(err: unknown): void {
    // A read-only opener still reports the version it found (vigil health shows it).
    if (this.readonly && err instanceof SchemaTooNewError) this.#version = err.found;
    let reason = err instanceof SchemaTooNewError ? err.message : errMessage(err);
    if (isCorrupt(err)) reason = `corrupt database (${reason})`;
    this.#reason = reason;
    this.#paused = true;
    if (!this.readonly)
      this.#o.log.once(`store-open:${reason}`, 'warn', 'history paused: cannot open database', {
        path: this.path,
        error: reason,
      });
  }

  /** Count the failure, log it once, pause, and drop a handle that cannot recover. */
  #writeFailed(name: string, err: unknown): void {
    const { log } = this.#o;
    this.#stats.failedWrites++;
    const code = sqliteCode(err);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      log.once(`store-busy:${name}`, 'warn', 'history write skipped: database locked', {
        write: name,
        path: this.path,
      });
      return;
    }
    const message = errMessage(err);
    if (!this.#paused)
      log.warn('history paused: write failed', { write: name, path: this.path, error: message });
    this.#paused = true;
    this.#reason = message;
    // Re-open on a later write (after retryMs): a corrupt file is then moved aside, a file
    // system remounted read-write is written again.
    if (mustReopen(err)) this.close();
  }

  #wrote(ms: number): void {
    const stats = this.#stats;
    stats.writes++;
    stats.lastWriteMs = ms;
    if (ms > stats.maxWriteMs) stats.maxWriteMs = ms;
    if (this.#paused) {
      this.#o.log.info('history resumed', { path: this.path });
      this.#paused = false;
      this.#reason = null;
    }
  }
}
