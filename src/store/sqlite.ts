// A typed edge around better-sqlite3 (the package ships no type declarations): only the calls the
// store uses. Loaded through createRequire so the native module is read only by code that needs it.
import { createRequire } from 'node:module';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface Database {
  readonly open: boolean;
  readonly readonly: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(
    fn: (...args: A) => R,
  ): ((...args: A) => R) & {
    immediate: (...args: A) => R;
  };
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** busy timeout in ms. */
  timeout?: number;
}

type DatabaseConstructor = new (file: string | Buffer, options?: OpenOptions) => Database;

/**
 * Open a database file (or an in-memory image of one) with better-sqlite3. Throws SqliteError
 * (with `code`) on failure.
 */
export function openDatabase(file: string | Buffer, options: OpenOptions = {}): Database {
  const require = createRequire(import.meta.url);
  const Ctor = require('better-sqlite3') as DatabaseConstructor;
  return new Ctor(file, options);
}

/** The SQLite error code (`SQLITE_CORRUPT`, `SQLITE_READONLY`…) of an error, if any. */
export function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}
