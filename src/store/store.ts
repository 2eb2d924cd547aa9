// The history store: one SQLite file per data dir, opened in WAL mode, migrated at open, and
// robust to the failures of SPEC §11 — a corrupt file is moved aside, a read-only or full disk
// pauses history (logged once) while the caller goes on. Writes never throw.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Alert, AlertEvent, Clock, Logger, ProcessSnapshot, Snapshot } from '../core/types.ts';
import { pidStartTicks, processAlive } from './identity.ts';
import { type RetentionOptions, type RetentionResult, runRetention } from './retention.ts';
import { migrate, SCHEMA_VERSION, SchemaTooNewError, schemaVersion } from './schema.ts';
import { type Database, openDatabase, type Statement, sqliteCode } from './sqlite.ts';
import type {
  ActionRecord,
  AiCallRecord,
  AiUsage,
  AlertRecord,
  Offender,
  ProcessSample,
  RecorderInfo,
  StoreStatus,
  SystemSample,
} from './types.ts';

export const DB_FILE = 'vigil.db';
/** Processes kept per write: the top N by CPU and the top N by RSS (plus every alert subject). */
export const TOP_PROCESSES = 10;
const BUSY_TIMEOUT_MS = 2000;
const CMDLINE_MAX = 1024;
/** Largest file read into memory when it cannot be opened in place (read-only file system). */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

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

export interface SnapshotWriteOptions {
  topN?: number;
  /** Extra pids to keep (besides the top consumers and the alerts' subjects). */
  pids?: number[];
  /** Refresh the recorder heartbeat in the same transaction (the recorder's own pid). */
  heartbeatPid?: number;
}

export interface Store {
  readonly path: string;
  status(): StoreStatus;
  recordSnapshot(snapshot: Snapshot, opts?: SnapshotWriteOptions): boolean;
  /** Samples of just these processes (an alert's subjects at the moment it fires). */
  recordProcesses(snapshot: Snapshot, pids: number[]): boolean;
  recordAlertEvent(event: AlertEvent, recorderPid?: number): boolean;
  recordAction(action: ActionRecord): boolean;
  recordAiCall(call: AiCallRecord): boolean;
  saveBaseline(name: string, data: unknown): boolean;
  loadBaseline(name: string): unknown;
  alertsSince(ms: number, untilMs?: number): AlertRecord[];
  activeDaemonAlerts(): Alert[];
  processHistory(pid: number, startTime: string, fromMs?: number): ProcessSample[];
  systemSeries(fromMs: number, toMs?: number): SystemSample[];
  topOffenders(by: 'rss' | 'cpu', fromMs: number, toMs?: number, limit?: number): Offender[];
  actionsSince(ms: number): ActionRecord[];
  aiCallsSince(ms: number): AiCallRecord[];
  aiUsageToday(now?: number): AiUsage;
  /** Take the single-recorder lock; false when another live process holds it. */
  acquireRecorder(role: string): boolean;
  /** Release the lock if this process holds it; alerts it left firing are closed. */
  releaseRecorder(): void;
  recorderInfo(): RecorderInfo | null;
  retention(opts: RetentionOptions): RetentionResult | null;
  /** `PRAGMA integrity_check` (full) or `quick_check`; 'ok' when healthy. */
  integrityCheck(quick?: boolean): string;
  close(): void;
}

export function dbPath(dataDir: string): string {
  return join(dataDir, DB_FILE);
}

/** Errors that mean "this file is not a usable database": move it aside. */
function isCorrupt(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT_');
}

/** Errors after which the handle is dropped and opened again later (not a full disk: it frees up). */
function mustReopen(err: unknown): boolean {
  const code = sqliteCode(err);
  return (
    isCorrupt(err) ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR')
  );
}

function errMessage(err: unknown): string {
  const code = sqliteCode(err);
  const message = (err as Error)?.message ?? String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Open (or create) the history database of `dataDir`. Never throws: see `status()`. */
export function openStore(dataDir: string, opts: StoreOptions = {}): Store {
  const path = dbPath(dataDir);
  const readonly = opts.readonly === true;
  const recover = opts.recover ?? !readonly;
  const log = opts.log ?? createLogger({ json: false });
  const clock = opts.clock ?? realClock;
  const retryMs = opts.retryMs ?? 60_000;
  const procRoot = opts.procRoot ?? '/proc';
  const myPid = process.pid;
  const myStart = pidStartTicks(myPid, procRoot);

  let db: Database | null = null;
  let version: number | null = null;
  let reason: string | null = null;
  let paused = false;
  let lastOpenAttempt = 0;
  const stats = { writes: 0, failedWrites: 0, lastWriteMs: 0, maxWriteMs: 0 };
  const stmts = new Map<string, Statement>();

  function prep(sql: string): Statement {
    let s = stmts.get(sql);
    if (!s) {
      s = db!.prepare(sql);
      stmts.set(sql, s);
    }
    return s;
  }

  function moveAside(why: string): void {
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

  function tryOpen(): void {
    lastOpenAttempt = clock.monotonic();
    db = null;
    stmts.clear();
    for (let attempt = 0; attempt < 2; attempt++) {
      let handle: Database | null = null;
      try {
        if (readonly) {
          handle = openReadonly(path);
          version = schemaVersion(handle);
          if (version > SCHEMA_VERSION) throw new SchemaTooNewError(version);
        } else {
          mkdirSync(dataDir, { recursive: true });
          const fresh = !existsSync(path) || statSync(path).size === 0;
          handle = openDatabase(path, { timeout: BUSY_TIMEOUT_MS });
          // Must precede the first table: lets retention give pages back to the file system.
          if (fresh) handle.pragma('auto_vacuum = INCREMENTAL');
          const mode = String(handle.pragma('journal_mode = WAL', { simple: true }));
          if (mode.toLowerCase() !== 'wal') throw new Error(`cannot switch to WAL (journal_mode=${mode})`);
          // In WAL, NORMAL loses no committed transaction on a process crash (kill -9).
          handle.pragma('synchronous = NORMAL');
          migrate(handle);
          version = SCHEMA_VERSION;
        }
        db = handle;
        if (paused || reason) log.info('history available', { path });
        reason = null;
        paused = false;
        return;
      } catch (err) {
        try {
          handle?.close();
        } catch {
          // Already unusable; nothing more to release.
        }
        if (isCorrupt(err) && recover && !readonly && attempt === 0) {
          try {
            moveAside(errMessage(err));
            continue;
          } catch (moveErr) {
            fail(moveErr);
            return;
          }
        }
        fail(err);
        return;
      }
    }
  }

  function fail(err: unknown): void {
    reason = err instanceof SchemaTooNewError ? err.message : errMessage(err);
    if (isCorrupt(err)) reason = `corrupt database (${reason})`;
    paused = true;
    if (!readonly)
      log.once(`store-open:${reason}`, 'warn', 'history paused: cannot open database', {
        path,
        error: reason,
      });
  }

  /** Run a write in one transaction; on failure pause history (logged once) and return false. */
  function write(name: string, fn: () => void): boolean {
    if (readonly) return false;
    if (!db) {
      if (clock.monotonic() - lastOpenAttempt < retryMs) return false;
      tryOpen();
      if (!db) return false;
    }
    const started = performance.now();
    try {
      db.transaction(fn).immediate();
    } catch (err) {
      stats.failedWrites++;
      const code = sqliteCode(err);
      const message = errMessage(err);
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        log.once(`store-busy:${name}`, 'warn', 'history write skipped: database locked', {
          write: name,
          path,
        });
        return false;
      }
      if (!paused) log.warn('history paused: write failed', { write: name, path, error: message });
      paused = true;
      reason = message;
      if (mustReopen(err)) {
        // Re-open on a later write (after retryMs): a corrupt file is then moved aside, a file
        // system remounted read-write is written again.
        try {
          db.close();
        } catch {
          // The handle is unusable anyway.
        }
        db = null;
        stmts.clear();
      }
      return false;
    }
    const ms = performance.now() - started;
    stats.writes++;
    stats.lastWriteMs = ms;
    if (ms > stats.maxWriteMs) stats.maxWriteMs = ms;
    if (paused) {
      log.info('history resumed', { path });
      paused = false;
      reason = null;
    }
    return true;
  }

  /** Run a read; failures give the fallback (a report on a broken file shows nothing, not a crash). */
  function read<T>(fallback: T, fn: (d: Database) => T): T {
    if (!db) return fallback;
    try {
      return fn(db);
    } catch (err) {
      log.once(`store-read:${errMessage(err)}`, 'warn', 'history read failed', {
        path,
        error: errMessage(err),
      });
      return fallback;
    }
  }

  function processIdOf(p: ProcessSnapshot, time: number): number {
    const row = prep(
      `INSERT INTO processes (pid, start_time, name, cmdline, user, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (pid, start_time) DO UPDATE SET last_seen = excluded.last_seen,
         cmdline = CASE WHEN excluded.cmdline != '' THEN excluded.cmdline ELSE cmdline END
       RETURNING id`,
    ).get(
      p.pid,
      p.startTime,
      sanitize(p.name, 64),
      sanitize(p.cmdline, CMDLINE_MAX),
      sanitize(p.user, 64),
      time,
      time,
    ) as { id: number };
    return row.id;
  }

  function writeProcessSample(p: ProcessSnapshot, time: number): void {
    prep(
      `INSERT OR REPLACE INTO process_samples
         (process_id, time, resolution_secs, cpu_percent, rss_bytes, threads, fds)
       VALUES (?, ?, 0, ?, ?, ?, ?)`,
    ).run(processIdOf(p, time), time, p.cpuPercent, p.rssBytes, p.threads, p.fds);
  }

  function heartbeat(pid: number, time: number): void {
    prep('UPDATE recorder SET heartbeat_at = ? WHERE pid = ?').run(time, pid);
  }

  function recorderRow(d: Database): RecorderInfo | null {
    const r = d.prepare('SELECT * FROM recorder WHERE id = 1').get() as
      | {
          pid: number;
          pid_start: number | null;
          role: string;
          hostname: string;
          started_at: number;
          heartbeat_at: number;
        }
      | undefined;
    if (!r) return null;
    const sameHost = r.hostname === osHostname();
    return {
      pid: r.pid,
      role: r.role,
      hostname: r.hostname,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      // Another host's pid (a shared home dir) cannot be checked here: trust its heartbeat.
      alive: sameHost ? processAlive(r.pid, r.pid_start, procRoot) : clock.now() - r.heartbeat_at < 600_000,
    };
  }

  tryOpen();

  const store: Store = {
    path,
    status() {
      return {
        available: db !== null,
        paused,
        reason,
        path,
        schemaVersion: version,
        readonly,
        ...stats,
      };
    },

    recordSnapshot(s, o = {}) {
      const time = Date.parse(s.time) || clock.now();
      const topN = o.topN ?? TOP_PROCESSES;
      return write('snapshot', () => {
        const m = s.memory;
        const diskMin = s.disks.length ? Math.min(...s.disks.map((d) => d.freePercent)) : null;
        const sum = (xs: (number | null)[]) =>
          xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
        const maxOf = (xs: (number | null)[]) => {
          const v = xs.filter((x): x is number => x !== null);
          return v.length ? Math.max(...v) : null;
        };
        prep(
          `INSERT INTO system_samples (time, resolution_secs, cpu_percent, cpu_percent_max, load1, load5,
             load15, mem_total, mem_used, mem_used_max, mem_available, swap_total, swap_used, psi_some10,
             disk_min_free_percent, net_rx_bps, net_tx_bps, cpu_temp, gpu_temp, gpu_util, process_count)
           VALUES (?, 0, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          time,
          s.cpu.usagePercent,
          s.cpu.load1,
          s.cpu.load5,
          s.cpu.load15,
          m.totalBytes,
          m.usedBytes,
          m.availableBytes,
          m.swapTotalBytes,
          m.swapUsedBytes,
          m.pressure?.some10 ?? null,
          diskMin,
          sum(s.network.map((n) => n.rxBytesPerSec)),
          sum(s.network.map((n) => n.txBytesPerSec)),
          s.cpu.temperatureC,
          maxOf(s.gpus.map((g) => g.temperatureC)),
          maxOf(s.gpus.map((g) => g.utilizationPercent)),
          s.processes.length,
        );
        for (const p of selectProcesses(s, topN, o.pids)) writeProcessSample(p, time);
        if (o.heartbeatPid !== undefined) heartbeat(o.heartbeatPid, time);
      });
    },

    recordProcesses(s, pids) {
      const time = Date.parse(s.time) || clock.now();
      const want = new Set(pids);
      return write('processes', () => {
        for (const p of s.processes) if (want.has(p.pid)) writeProcessSample(p, time);
      });
    },

    recordAlertEvent(e, recorderPid) {
      const a = e.alert;
      return write('alert', () => {
        const open = prep(
          'SELECT seq FROM alerts WHERE id = ? AND resolved_at IS NULL ORDER BY seq DESC',
        ).get(a.id) as { seq: number } | undefined;
        const details = e.details ? JSON.stringify(e.details) : null;
        if (e.event === 'fired') {
          if (open) {
            prep(
              'UPDATE alerts SET severity = ?, message = ?, subject = ?, suggested_command = ?, details = ? WHERE seq = ?',
            ).run(a.severity, a.message, JSON.stringify(a.subject), a.suggestedCommand, details, open.seq);
            return;
          }
          prep(
            `INSERT INTO alerts (id, rule, severity, message, subject, suggested_command, since, fired_at,
               resolved_at, end_reason, recorder_pid, details)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
          ).run(
            a.id,
            a.rule,
            a.severity,
            a.message,
            JSON.stringify(a.subject),
            a.suggestedCommand,
            a.since,
            e.time,
            recorderPid ?? null,
            details,
          );
        } else if (open) {
          prep("UPDATE alerts SET resolved_at = ?, end_reason = 'resolved' WHERE seq = ?").run(
            e.time,
            open.seq,
          );
        } else {
          // Resolved without a recorded firing (history was paused when it fired): keep both ends.
          prep(
            `INSERT INTO alerts (id, rule, severity, message, subject, suggested_command, since, fired_at,
               resolved_at, end_reason, recorder_pid, details)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'resolved', ?, ?)`,
          ).run(
            a.id,
            a.rule,
            a.severity,
            a.message,
            JSON.stringify(a.subject),
            a.suggestedCommand,
            a.since,
            Date.parse(a.since) || e.time,
            e.time,
            recorderPid ?? null,
            details,
          );
        }
      });
    },

    recordAction(a) {
      return write('action', () => {
        prep(
          `INSERT INTO actions (time, type, source, pid, start_time, name, cmdline, signal, mode, outcome,
             reason, alert_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          a.time ?? clock.now(),
          a.type,
          a.source,
          a.pid ?? null,
          a.startTime ?? null,
          a.name === undefined ? null : sanitize(a.name, 64),
          a.cmdline === undefined ? null : sanitize(a.cmdline, CMDLINE_MAX),
          a.signal ?? null,
          a.mode ?? null,
          a.outcome,
          a.reason === undefined ? null : sanitize(a.reason, 1024),
          a.alertId ?? null,
          a.details === undefined ? null : JSON.stringify(a.details),
        );
      });
    },

    recordAiCall(c) {
      return write('ai', () => {
        prep(
          `INSERT INTO ai_calls (time, purpose, model, alert_id, pid, input_tokens, output_tokens, latency_ms,
             outcome, error, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          c.time ?? clock.now(),
          c.purpose,
          c.model,
          c.alertId ?? null,
          c.pid ?? null,
          c.inputTokens,
          c.outputTokens,
          c.latencyMs,
          c.outcome,
          c.error === undefined ? null : sanitize(c.error, 1024),
          c.costUsd ?? null,
        );
      });
    },

    saveBaseline(name, data) {
      return write('baseline', () => {
        prep('INSERT OR REPLACE INTO baselines (name, data, updated_at) VALUES (?, ?, ?)').run(
          name,
          JSON.stringify(data),
          clock.now(),
        );
      });
    },

    loadBaseline(name) {
      return read(null as unknown, (d) => {
        const r = d.prepare('SELECT data FROM baselines WHERE name = ?').get(name) as
          | { data: string }
          | undefined;
        return r ? (JSON.parse(r.data) as unknown) : null;
      });
    },

    alertsSince(ms, untilMs = Number.MAX_SAFE_INTEGER) {
      return read([], (d) =>
        (
          d
            .prepare(
              `SELECT * FROM alerts WHERE fired_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
               ORDER BY fired_at DESC, seq DESC`,
            )
            .all(untilMs, ms) as AlertRow[]
        ).map(toAlertRecord),
      );
    },

    activeDaemonAlerts() {
      return read([], (d) => {
        const owner = recorderRow(d);
        if (!owner?.alive) return [];
        const rows = d
          .prepare('SELECT * FROM alerts WHERE resolved_at IS NULL AND recorder_pid = ? ORDER BY fired_at')
          .all(owner.pid) as AlertRow[];
        return rows.map((r) => {
          const a = toAlertRecord(r);
          return {
            id: a.id,
            rule: a.rule,
            severity: a.severity,
            state: 'firing',
            since: a.since,
            message: a.message,
            subject: a.subject,
            suggestedCommand: a.suggestedCommand,
          } as Alert;
        });
      });
    },

    processHistory(pid, startTime, fromMs = 0) {
      return read([], (d) =>
        (
          d
            .prepare(
              `SELECT s.time, s.resolution_secs, s.cpu_percent, s.rss_bytes, s.threads, s.fds
               FROM process_samples s JOIN processes p ON p.id = s.process_id
               WHERE p.pid = ? AND p.start_time = ? AND s.time >= ? ORDER BY s.time`,
            )
            .all(pid, startTime, fromMs) as {
            time: number;
            resolution_secs: number;
            cpu_percent: number | null;
            rss_bytes: number;
            threads: number | null;
            fds: number | null;
          }[]
        ).map((r) => ({
          time: r.time,
          resolutionSecs: r.resolution_secs,
          cpuPercent: r.cpu_percent,
          rssBytes: r.rss_bytes,
          threads: r.threads,
          fds: r.fds,
        })),
      );
    },

    systemSeries(fromMs, toMs = Number.MAX_SAFE_INTEGER) {
      return read([], (d) =>
        (
          d
            .prepare('SELECT * FROM system_samples WHERE time >= ? AND time <= ? ORDER BY time')
            .all(fromMs, toMs) as SystemRow[]
        ).map(toSystemSample),
      );
    },

    topOffenders(by, fromMs, toMs = Number.MAX_SAFE_INTEGER, limit = 10) {
      const order = by === 'rss' ? 'peak_rss' : 'peak_cpu';
      return read([], (d) =>
        (
          d
            .prepare(
              `SELECT p.pid, p.start_time, p.name, p.cmdline, p.user, MAX(s.rss_bytes) AS peak_rss,
                 MAX(s.cpu_percent) AS peak_cpu, COUNT(*) AS samples, MIN(s.time) AS first, MAX(s.time) AS last
               FROM process_samples s JOIN processes p ON p.id = s.process_id
               WHERE s.time >= ? AND s.time <= ?
               GROUP BY s.process_id ORDER BY ${order} DESC, p.pid LIMIT ?`,
            )
            .all(fromMs, toMs, limit) as {
            pid: number;
            start_time: string;
            name: string;
            cmdline: string;
            user: string;
            peak_rss: number;
            peak_cpu: number | null;
            samples: number;
            first: number;
            last: number;
          }[]
        ).map((r) => ({
          pid: r.pid,
          startTime: r.start_time,
          name: sanitize(r.name, 64),
          cmdline: sanitize(r.cmdline, CMDLINE_MAX),
          user: sanitize(r.user, 64),
          peakRssBytes: r.peak_rss,
          peakCpuPercent: r.peak_cpu,
          samples: r.samples,
          firstSeen: r.first,
          lastSeen: r.last,
        })),
      );
    },

    actionsSince(ms) {
      return read([], (d) =>
        (
          d.prepare('SELECT * FROM actions WHERE time >= ? ORDER BY time').all(ms) as Record<
            string,
            unknown
          >[]
        ).map(
          (r) =>
            dropNulls({
              time: r.time as number,
              type: r.type as string,
              source: r.source as ActionRecord['source'],
              pid: r.pid as number | undefined,
              startTime: r.start_time as string | undefined,
              name: r.name === null ? undefined : sanitize(String(r.name), 64),
              cmdline: r.cmdline === null ? undefined : sanitize(String(r.cmdline), CMDLINE_MAX),
              signal: r.signal as string | undefined,
              mode: r.mode as string | undefined,
              outcome: r.outcome as ActionRecord['outcome'],
              reason: r.reason === null ? undefined : sanitize(String(r.reason), 1024),
              alertId: r.alert_id as string | undefined,
              details:
                r.details === null ? undefined : (JSON.parse(String(r.details)) as Record<string, unknown>),
            }) as ActionRecord,
        ),
      );
    },

    aiCallsSince(ms) {
      return read([], (d) =>
        (
          d.prepare('SELECT * FROM ai_calls WHERE time >= ? ORDER BY time').all(ms) as Record<
            string,
            unknown
          >[]
        ).map(
          (r) =>
            dropNulls({
              time: r.time as number,
              purpose: r.purpose as AiCallRecord['purpose'],
              model: r.model as string,
              alertId: r.alert_id as string | undefined,
              pid: r.pid as number | undefined,
              inputTokens: r.input_tokens as number,
              outputTokens: r.output_tokens as number,
              latencyMs: r.latency_ms as number,
              outcome: r.outcome as AiCallRecord['outcome'],
              costUsd: r.cost_usd as number | undefined,
              error: r.error === null ? undefined : sanitize(String(r.error), 1024),
            }) as AiCallRecord,
        ),
      );
    },

    aiUsageToday(now = clock.now()) {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return read({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }, (d) =>
        usageBetween(d, midnight.getTime(), now),
      );
    },

    acquireRecorder(role) {
      let got = false;
      const ok = write('recorder', () => {
        const owner = recorderRow(db!);
        if (owner && owner.pid !== myPid && owner.alive) return;
        const now = clock.now();
        prep(
          `INSERT OR REPLACE INTO recorder (id, pid, pid_start, role, hostname, started_at, heartbeat_at)
           VALUES (1, ?, ?, ?, ?, ?, ?)`,
        ).run(myPid, myStart, role, osHostname(), now, now);
        // Alerts a dead recorder left firing are no longer watched by anyone.
        prep(
          `UPDATE alerts SET resolved_at = ?, end_reason = 'recorder_stopped'
           WHERE resolved_at IS NULL AND (recorder_pid IS NULL OR recorder_pid != ?)`,
        ).run(now, myPid);
        got = true;
      });
      return ok && got;
    },

    releaseRecorder() {
      write('recorder', () => {
        const now = clock.now();
        const held = prep('DELETE FROM recorder WHERE pid = ?').run(myPid).changes > 0;
        if (held) {
          prep(
            `UPDATE alerts SET resolved_at = ?, end_reason = 'recorder_stopped'
             WHERE resolved_at IS NULL AND recorder_pid = ?`,
          ).run(now, myPid);
        }
      });
    },

    recorderInfo() {
      return read(null, (d) => recorderRow(d));
    },

    retention(o) {
      if (readonly || !db) return null;
      let result: RetentionResult | null = null;
      const ok = write('retention', () => {
        result = runRetention(db!, o);
      });
      if (!ok) return null;
      try {
        db.pragma('incremental_vacuum');
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        log.once('store-vacuum', 'warn', 'history vacuum failed', { error: errMessage(err) });
      }
      return result;
    },

    integrityCheck(quick = false) {
      if (!db) return reason ?? 'unavailable';
      try {
        const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as Record<string, string>[];
        return rows.map((r) => Object.values(r)[0]).join('; ');
      } catch (err) {
        return errMessage(err);
      }
    },

    close() {
      stmts.clear();
      try {
        db?.close();
      } catch {
        // Closing a broken handle: nothing left to do.
      }
      db = null;
    },
  };
  return store;
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

function usageBetween(d: Database, from: number, to: number): AiUsage {
  const r = d
    .prepare(
      `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS inp, COALESCE(SUM(output_tokens), 0) AS outp,
         COALESCE(SUM(cost_usd), 0) AS cost FROM ai_calls WHERE time >= ? AND time <= ?`,
    )
    .get(from, to) as { calls: number; inp: number; outp: number; cost: number };
  return { calls: r.calls, inputTokens: r.inp, outputTokens: r.outp, costUsd: r.cost };
}

/** AI usage over any window (report). */
export function aiUsageBetween(store: Store, from: number, to: number): AiUsage {
  const calls = store.aiCallsSince(from).filter((c) => (c.time ?? 0) <= to);
  return {
    calls: calls.length,
    inputTokens: calls.reduce((a, c) => a + c.inputTokens, 0),
    outputTokens: calls.reduce((a, c) => a + c.outputTokens, 0),
    costUsd: calls.reduce((a, c) => a + (c.costUsd ?? 0), 0),
  };
}

/** Top consumers by CPU and by RSS, plus every process a firing alert (or the caller) names. */
export function selectProcesses(s: Snapshot, topN: number, extra: number[] = []): ProcessSnapshot[] {
  const keep = new Map<number, ProcessSnapshot>();
  const live = s.processes.filter((p) => !p.kernelThread);
  const byCpu = [...live].sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0)).slice(0, topN);
  const byRss = [...live].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, topN);
  for (const p of [...byCpu, ...byRss]) keep.set(p.pid, p);
  const named = new Set<number>(extra);
  for (const a of s.alerts) if (a.state === 'firing') for (const pid of a.subject.pids) named.add(pid);
  if (named.size) for (const p of s.processes) if (named.has(p.pid)) keep.set(p.pid, p);
  return [...keep.values()];
}

interface AlertRow {
  seq: number;
  id: string;
  rule: string;
  severity: string;
  message: string;
  subject: string;
  suggested_command: string | null;
  since: string;
  fired_at: number;
  resolved_at: number | null;
  end_reason: string | null;
  recorder_pid: number | null;
  details: string | null;
}

function toAlertRecord(r: AlertRow): AlertRecord {
  let subject: Alert['subject'] = { pids: [] };
  try {
    subject = JSON.parse(r.subject) as Alert['subject'];
  } catch {
    // A damaged row keeps an empty subject rather than breaking the report.
  }
  return {
    id: r.id,
    rule: r.rule as Alert['rule'],
    severity: r.severity as Alert['severity'],
    state: r.resolved_at === null ? 'firing' : 'resolved',
    since: r.since,
    message: sanitize(r.message),
    subject,
    suggestedCommand: r.suggested_command === null ? null : sanitize(r.suggested_command),
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    endReason: r.end_reason as AlertRecord['endReason'],
  };
}

interface SystemRow {
  time: number;
  resolution_secs: number;
  cpu_percent: number | null;
  cpu_percent_max: number | null;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  mem_total: number | null;
  mem_used: number | null;
  mem_used_max: number | null;
  mem_available: number | null;
  swap_total: number | null;
  swap_used: number | null;
  psi_some10: number | null;
  disk_min_free_percent: number | null;
  net_rx_bps: number | null;
  net_tx_bps: number | null;
  cpu_temp: number | null;
  gpu_temp: number | null;
  gpu_util: number | null;
  process_count: number | null;
}

function toSystemSample(r: SystemRow): SystemSample {
  return {
    time: r.time,
    resolutionSecs: r.resolution_secs,
    cpuPercent: r.cpu_percent,
    cpuPercentMax: r.cpu_percent_max ?? r.cpu_percent,
    load1: r.load1,
    load5: r.load5,
    load15: r.load15,
    memTotalBytes: r.mem_total,
    memUsedBytes: r.mem_used,
    memUsedMaxBytes: r.mem_used_max ?? r.mem_used,
    memAvailableBytes: r.mem_available,
    swapTotalBytes: r.swap_total,
    swapUsedBytes: r.swap_used,
    psiSome10: r.psi_some10,
    diskMinFreePercent: r.disk_min_free_percent,
    netRxBytesPerSec: r.net_rx_bps,
    netTxBytesPerSec: r.net_tx_bps,
    cpuTemperatureC: r.cpu_temp,
    gpuTemperatureC: r.gpu_temp,
    gpuUtilizationPercent: r.gpu_util,
    processCount: r.process_count,
  };
}

function dropNulls<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}
