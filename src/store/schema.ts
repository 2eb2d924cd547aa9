// Schema migrations, applied in order at open under PRAGMA user_version. Never edit a released
// migration: add a new one (tests keep a frozen copy of version 1 to migrate from).
import type { Database } from './sqlite.ts';

export const MIGRATIONS: readonly string[] = [
  // 1: samples, processes, alerts, actions, AI calls.
  `
  CREATE TABLE system_samples (
    time INTEGER NOT NULL,
    resolution_secs INTEGER NOT NULL,
    cpu_percent REAL,
    cpu_percent_max REAL,
    load1 REAL,
    load5 REAL,
    load15 REAL,
    mem_total INTEGER,
    mem_used INTEGER,
    mem_used_max INTEGER,
    mem_available INTEGER,
    swap_total INTEGER,
    swap_used INTEGER,
    psi_some10 REAL,
    disk_min_free_percent REAL,
    net_rx_bps REAL,
    net_tx_bps REAL,
    cpu_temp REAL,
    gpu_temp REAL,
    gpu_util REAL,
    process_count INTEGER
  );
  CREATE INDEX system_samples_time ON system_samples(time);
  CREATE TABLE processes (
    id INTEGER PRIMARY KEY,
    pid INTEGER NOT NULL,
    start_time TEXT NOT NULL,
    name TEXT NOT NULL,
    cmdline TEXT NOT NULL,
    user TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    UNIQUE (pid, start_time)
  );
  CREATE TABLE process_samples (
    process_id INTEGER NOT NULL,
    time INTEGER NOT NULL,
    resolution_secs INTEGER NOT NULL,
    cpu_percent REAL,
    rss_bytes INTEGER NOT NULL,
    threads INTEGER,
    fds INTEGER,
    PRIMARY KEY (process_id, time)
  ) WITHOUT ROWID;
  CREATE INDEX process_samples_time ON process_samples(time);
  CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    subject TEXT NOT NULL,
    suggested_command TEXT,
    since TEXT NOT NULL,
    fired_at INTEGER NOT NULL,
    resolved_at INTEGER,
    end_reason TEXT,
    recorder_pid INTEGER,
    details TEXT
  );
  CREATE INDEX alerts_id ON alerts(id);
  CREATE INDEX alerts_fired ON alerts(fired_at);
  CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    pid INTEGER,
    start_time TEXT,
    name TEXT,
    cmdline TEXT,
    signal TEXT,
    mode TEXT,
    outcome TEXT NOT NULL,
    reason TEXT,
    alert_id TEXT,
    details TEXT
  );
  CREATE INDEX actions_time ON actions(time);
  CREATE TABLE ai_calls (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    model TEXT NOT NULL,
    alert_id TEXT,
    pid INTEGER,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    latency_ms REAL NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT
  );
  CREATE INDEX ai_calls_time ON ai_calls(time);
  `,
  // 2: AI cost, analyzer baselines, the single-recorder lock.
  `
  ALTER TABLE ai_calls ADD COLUMN cost_usd REAL;
  CREATE TABLE baselines (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE recorder (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pid INTEGER NOT NULL,
    pid_start INTEGER,
    role TEXT NOT NULL,
    hostname TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  `,
  // 3: the action ledger (every pid an action covered, its before/after check, the memory it gave
  // back; outcomes in SPEC §5's words) and what the analyzer remembers across restarts.
  `
  ALTER TABLE actions ADD COLUMN pids TEXT;
  ALTER TABLE actions ADD COLUMN check_result TEXT;
  ALTER TABLE actions ADD COLUMN freed_bytes INTEGER;
  UPDATE actions SET outcome = 'sent' WHERE outcome = 'done';
  CREATE TABLE analyzer_state (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }) ?? 0);
}

/**
 * Bring `db` to SCHEMA_VERSION, each step in its own transaction with the version bump, so a
 * crash mid-migration leaves the previous version intact. Returns the version found.
 */
export function migrate(db: Database): number {
  const found = schemaVersion(db);
  if (found > SCHEMA_VERSION) {
    throw new SchemaTooNewError(found);
  }
  for (let v = found; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return found;
}

export class SchemaTooNewError extends Error {
  readonly found: number;
  constructor(found: number) {
    super(`database schema version ${found} is newer than this Vigil (${SCHEMA_VERSION})`);
    this.found = found;
    this.name = 'SchemaTooNewError';
  }
}
