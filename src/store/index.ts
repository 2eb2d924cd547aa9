// The history API for the rest of Vigil (docs/history.md). Import lazily: it loads SQLite.
export { type HistoryHealth, historyHealth } from './health.ts';
export { otherRecorder, withDaemonAlerts } from './merge.ts';
export { createRecorder, type RecorderService } from './recorder.ts';
export type { RetentionOptions, RetentionResult } from './retention.ts';
export { SCHEMA_VERSION } from './schema.ts';
export {
  aiUsageBetween,
  DB_FILE,
  dbPath,
  openStore,
  type SnapshotWriteOptions,
  type Store,
  type StoreOptions,
  selectProcesses,
  TOP_PROCESSES,
} from './store.ts';
export type * from './types.ts';
