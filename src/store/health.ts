// What `vigil health` reports about history: the file, its integrity and schema, whether the data
// dir takes writes, and who records. Opens the database read-only; never changes anything.
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock, Logger } from '../core/types.ts';
import { dbPath, openStore } from './store.ts';
import type { RecorderInfo } from './types.ts';

export interface HistoryHealth {
  ok: boolean;
  path: string;
  exists: boolean;
  integrity: string | null;
  schemaVersion: number | null;
  sizeBytes: number | null;
  writable: boolean;
  /** Bytes free for the data dir's file system (as `df` shows to unprivileged users), or null. */
  freeBytes: number | null;
  recorder: RecorderInfo | null;
  /** One line saying what is wrong (history paused, corrupt…), or null. */
  problem: string | null;
}

export function historyHealth(dataDir: string, opts: { log?: Logger; clock?: Clock } = {}): HistoryHealth {
  const path = dbPath(dataDir);
  const exists = existsSync(path);
  const writable = isWritable(exists ? path : dataDir);
  const out: HistoryHealth = {
    ok: true,
    path,
    exists,
    integrity: null,
    schemaVersion: null,
    sizeBytes: exists ? statSync(path).size : null,
    writable,
    freeBytes: freeBytes(exists ? path : dataDir),
    recorder: null,
    problem: null,
  };
  if (exists) {
    const store = openStore(dataDir, { readonly: true, ...opts });
    try {
      const st = store.status();
      out.schemaVersion = st.schemaVersion;
      if (!st.available) {
        out.integrity = st.reason;
      } else {
        out.integrity = store.integrityCheck(true);
        out.recorder = store.recorderInfo();
      }
    } finally {
      store.close();
    }
    if (out.integrity !== 'ok') {
      out.ok = false;
      out.problem = `history database unusable: ${out.integrity}`;
    }
  }
  if (!writable && out.ok) {
    out.ok = false;
    out.problem = `history paused: ${exists ? path : dataDir} is not writable`;
  }
  if (out.ok && out.freeBytes !== null && out.freeBytes < MIN_FREE_BYTES) {
    out.ok = false;
    out.problem = `history paused: the disk holding ${dataDir} is full`;
  }
  return out;
}

/** Below this, SQLite writes (WAL frames, checkpoints) start failing with SQLITE_FULL. */
const MIN_FREE_BYTES = 1024 * 1024;

function freeBytes(target: string): number | null {
  let p = target;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    const st = statfsSync(p);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return null;
  }
}

/** Real writability (root ignores file modes; a read-only mount or immutable file does not). */
function isWritable(target: string): boolean {
  let p = target;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
