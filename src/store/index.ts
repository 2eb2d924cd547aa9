// The history API for the rest of Vigil (docs/history.md). Import lazily: it loads SQLite.
export type { ActionRecordStore } from './actions.ts';
export type { AiCallStore } from './ai-calls.ts';
export type { AlertStore } from './alerts.ts';
export type { AnalyzerStateStore } from './analyzer-state.ts';
export type { BaselineStore } from './baselines.ts';
export { type HistoryHealth, historyHealth } from './health.ts';
export { otherRecorder, withDaemonAlerts } from './merge.ts';
export { createRecorder, type RecorderService } from './recorder.ts';
export type { RecorderLock } from './recorder-lock.ts';
export type { RetentionOptions, RetentionResult } from './retention.ts';
export type { SampleStore } from './samples.ts';
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
