// The history store: one SQLite file per data dir, opened in WAL mode, migrated at open, and
// robust to the failures of SPEC §11 — a corrupt file is moved aside, a read-only or full disk
// pauses history (logged once) while the caller goes on. Writes never throw. This file only
// composes the concerns; the failure rules live in connection.ts, each table's calls beside it.
import { join } from 'node:path';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import type { Clock, Logger } from '../core/types.ts';
import { type ActionRecordStore, createActionRecordStore } from './actions.ts';
import { type AiCallStore, createAiCallStore } from './ai-calls.ts';
import { type AlertStore, createAlertStore } from './alerts.ts';
import { type AnalyzerStateStore, createAnalyzerStateStore } from './analyzer-state.ts';
import { type BaselineStore, createBaselineStore } from './baselines.ts';
import { Connection } from './connection.ts';
import { createMaintenance, type Maintenance } from './maintenance.ts';
import { createRecorderLock, type RecorderLock } from './recorder-lock.ts';
import { createSampleStore, type SampleStore } from './samples.ts';
import type { StoreStatus } from './types.ts';

export { aiUsageBetween } from './ai-calls.ts';
export { selectProcesses, TOP_PROCESSES } from './sample-rows.ts';
export type { SnapshotWriteOptions } from './samples.ts';

export const DB_FILE = 'vigil.db';

export interface StoreOptions {
  /** Open read-only (report, status, health): never creates, migrates or moves a file. */
  readonly?: boolean;
  log?: Logger;
  clock?: Clock;
  /** Move a corrupt file aside and start a new one (default: true unless readonly). */
  recover?: boolean;
  /** How long after a failed open the next write tries to open again (default 60 s). */
  retryMs?: number;
  /** Where process liveness is checked (tests). */
  procRoot?: string;
}

/** The whole store: every concern's calls plus the file's own. Callers name the slice they use. */
export interface Store
  extends SampleStore,
    AlertStore,
    ActionRecordStore,
    AiCallStore,
    BaselineStore,
    AnalyzerStateStore,
    RecorderLock,
    Maintenance {
  readonly path: string;
  status(): StoreStatus;
  close(): void;
}

export function dbPath(dataDir: string): string {
  return join(dataDir, DB_FILE);
}

/** Open (or create) the history database of `dataDir`. Never throws: see `status()`. */
export function openStore(dataDir: string, opts: StoreOptions = {}): Store {
  const readonly = opts.readonly === true;
  const log = opts.log ?? createLogger({ json: false });
  const clock = opts.clock ?? realClock;
  const conn = new Connection({
    dataDir,
    path: dbPath(dataDir),
    readonly,
    recover: opts.recover ?? !readonly,
    retryMs: opts.retryMs ?? 60_000,
    log,
    clock,
  });
  const { lock, heartbeat, owner } = createRecorderLock(conn, { clock, procRoot: opts.procRoot ?? '/proc' });
  return {
    path: conn.path,
    status: () => conn.status(),
    close: () => conn.close(),
    ...createSampleStore(conn, { clock, heartbeat }),
    ...createAlertStore(conn, { owner }),
    ...createActionRecordStore(conn, clock),
    ...createAiCallStore(conn, clock),
    ...createBaselineStore(conn, clock),
    ...createAnalyzerStateStore(conn, clock),
    ...lock,
    ...createMaintenance(conn, log),
  };
}
