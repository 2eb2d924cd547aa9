// Opening the history file: a writable handle in WAL mode migrated to the current schema, a
// read-only handle (an in-memory image when the file system is read-only), moving a corrupt file
// aside, and telling which SQLite errors mean what.
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { ensurePrivateDir, preparePrivateFile } from '../core/files.ts';
import type { Clock, Logger } from '../core/types.ts';
import { migrate, SCHEMA_VERSION, SchemaTooNewError, schemaVersion } from './schema.ts';
import { type Database, openDatabase, sqliteCode } from './sqlite.ts';

const BUSY_TIMEOUT_MS = 2000;
/** Largest file read into memory when it cannot be opened in place (read-only file system). */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

/** Errors that mean "this file is not a usable database": move it aside. */
export function isCorrupt(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT_');
}

/** Errors after which the handle is dropped and opened again later (not a full disk: it frees up). */
export function mustReopen(err: unknown): boolean {
  const code = sqliteCode(err);
  return (
    isCorrupt(err) ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR')
  );
}

export function errMessage(err: unknown): string {
  const code = sqliteCode(err);
  const message = (err as Error)?.message ?? String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** An open handle and the schema version it holds. */
export interface Opened {
  handle: Database;
  version: number;
}

/** The files SQLite opens by name beside the database (it follows links in them: we do not). */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Check (and for writing, prepare) the database and its side files before SQLite opens them:
 * none may be a symbolic link; for writing, each is a 0600 file of ours and the database is
 * created here (SQLite then gives its side files the database's mode). src/core/files.ts.
 */
function prepareFiles(path: string, write: boolean): void {
  preparePrivateFile(path, write ? { create: true } : { readOnly: true });
  for (const suffix of SIDE_FILES) preparePrivateFile(path + suffix, { readOnly: !write });
}

/** Open read-only and check the schema is one this Vigil can read. Throws on failure. */
export function openForReading(path: string): Opened {
  prepareFiles(path, false);
  const handle = openReadonly(path);
  try {
    const version = schemaVersion(handle);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(version);
    return { handle, version };
  } catch (err) {
    closeQuietly(handle);
    throw err;
  }
}

/** SQLite's page cache of the writing connection, in KiB. */
export const WRITER_CACHE_KIB = 256;

/** Open (or create) in WAL mode and migrate to SCHEMA_VERSION. Throws on failure. */
export function openForWriting(dataDir: string, path: string): Opened {
  ensurePrivateDir(dataDir);
  const fresh = !existsSync(path) || statSync(path).size === 0;
  prepareFiles(path, true);
  const handle = openDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Must precede the first table: lets retention give pages back to the file system.
    if (fresh) handle.pragma('auto_vacuum = INCREMENTAL');
    const mode = String(handle.pragma('journal_mode = WAL', { simple: true }));
    if (mode.toLowerCase() !== 'wal') throw new Error(`cannot switch to WAL (journal_mode=${mode})`);
    // In WAL, NORMAL loses no committed transaction on a process crash (kill -9).
    handle.pragma('synchronous = NORMAL');
    // The writer appends (samples, frames, alerts): SQLite's default 2 MiB page cache filled with
    // pages it never reads again and stayed in the daemon's memory (1.6 MB of its RSS, measured
    // side by side; docs/performance.md). Reads that miss come from the kernel's page cache.
    handle.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    migrate(handle);
    return { handle, version: SCHEMA_VERSION };
  } catch (err) {
    closeQuietly(handle);
    throw err;
  }
}

/** Rename a corrupt file (and its -wal/-shm) to `PATH.corrupt-<ISO time>`; throws when it cannot. */
export function moveAside(path: string, why: string, clock: Clock, log: Logger): void {
  const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  try {
    renameSync(path, target);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
    }
    log.warn('history database was corrupt; moved aside and starting a new one', {
      path,
      movedTo: target,
      error: why,
    });
  } catch (err) {
    log.error('history database is corrupt and could not be moved aside', {
      path,
      error: (err as Error).message,
    });
    throw err;
  }
}

export function closeQuietly(handle: Database | null): void {
  try {
    handle?.close();
  } catch {
    // Already unusable; nothing more to release.
  }
}

/**
 * A read-only connection. A WAL database on a read-only file system cannot get its `-shm` file
 * (SQLITE_CANTOPEN): it is then read into memory as a rollback-journal image (header bytes 18–19
 * set to 1), which is exact once the daemon has checkpointed, as it does at close.
 */
function openReadonly(path: string): Database {
  try {
    const handle = openDatabase(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      handle.pragma('user_version');
      return handle;
    } catch (err) {
      handle.close();
      throw err;
    }
  } catch (err) {
    if (sqliteCode(err) !== 'SQLITE_CANTOPEN' || statSync(path).size > MAX_IMAGE_BYTES) throw err;
  }
  const image = readFileSync(path);
  if (image.length >= 20) {
    image[18] = 1;
    image[19] = 1;
  }
  return openDatabase(image, { readonly: true });
}
