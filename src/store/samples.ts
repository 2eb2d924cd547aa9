// System and process samples: what the recorder writes at each snapshot and what the report, the
// TUI charts and explain read back.
import { sanitize } from '../core/sanitize.ts';
import type { Clock, ProcessSnapshot, Snapshot } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { CMDLINE_MAX, NAME_MAX, storedText } from './rows.ts';
import {
  INSERT_SYSTEM_SAMPLE,
  type OffenderRow,
  type ProcessSampleRow,
  type SystemRow,
  selectProcesses,
  systemSampleParams,
  TOP_PROCESSES,
  toOffender,
  toProcessSample,
  toSystemSample,
} from './sample-rows.ts';
import type { Offender, ProcessSample, SystemSample } from './types.ts';

export interface SnapshotWriteOptions {
  topN?: number;
  /** Extra pids to keep (besides the top consumers and the alerts' subjects). */
  pids?: number[];
  /** Refresh the recorder heartbeat in the same transaction (the recorder's own pid). */
  heartbeatPid?: number;
}

export interface SampleStore {
  recordSnapshot(snapshot: Snapshot, opts?: SnapshotWriteOptions): boolean;
  /** Samples of just these processes (an alert's subjects at the moment it fires). */
  recordProcesses(snapshot: Snapshot, pids: number[]): boolean;
  processHistory(pid: number, startTime: string, fromMs?: number): ProcessSample[];
  systemSeries(fromMs: number, toMs?: number): SystemSample[];
  topOffenders(by: 'rss' | 'cpu', fromMs: number, toMs?: number, limit?: number): Offender[];
}

export interface SampleDeps {
  clock: Clock;
  /** The recorder lock's heartbeat, refreshed inside the snapshot's transaction. */
  heartbeat(pid: number, time: number): void;
}

export function createSampleStore(conn: Connection, deps: SampleDeps): SampleStore {
  const prep = conn.statements();

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
      sanitize(p.name, NAME_MAX),
      storedText(p.cmdline, CMDLINE_MAX),
      sanitize(p.user, NAME_MAX),
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

  const timeOf = (s: Snapshot) => Date.parse(s.time) || deps.clock.now();

  return {
    recordSnapshot(s, o = {}) {
      const time = timeOf(s);
      const topN = o.topN ?? TOP_PROCESSES;
      return conn.write('snapshot', () => {
        prep(INSERT_SYSTEM_SAMPLE).run(...systemSampleParams(s, time));
        for (const p of selectProcesses(s, topN, o.pids)) writeProcessSample(p, time);
        if (o.heartbeatPid !== undefined) deps.heartbeat(o.heartbeatPid, time);
      });
    },

    recordProcesses(s, pids) {
      const time = timeOf(s);
      const want = new Set(pids);
      return conn.write('processes', () => {
        for (const p of s.processes) if (want.has(p.pid)) writeProcessSample(p, time);
      });
    },

    processHistory(pid, startTime, fromMs = 0) {
      return conn.read([], () =>
        (
          prep(
            `SELECT s.time, s.resolution_secs, s.cpu_percent, s.rss_bytes, s.threads, s.fds
             FROM process_samples s JOIN processes p ON p.id = s.process_id
             WHERE p.pid = ? AND p.start_time = ? AND s.time >= ? ORDER BY s.time`,
          ).all(pid, startTime, fromMs) as ProcessSampleRow[]
        ).map(toProcessSample),
      );
    },

    systemSeries(fromMs, toMs = Number.MAX_SAFE_INTEGER) {
      return conn.read([], () =>
        (
          prep('SELECT * FROM system_samples WHERE time >= ? AND time <= ? ORDER BY time').all(
            fromMs,
            toMs,
          ) as SystemRow[]
        ).map(toSystemSample),
      );
    },

    topOffenders(by, fromMs, toMs = Number.MAX_SAFE_INTEGER, limit = 10) {
      const order = by === 'rss' ? 'peak_rss' : 'peak_cpu';
      return conn.read([], () =>
        (
          prep(
            `SELECT p.pid, p.start_time, p.name, p.cmdline, p.user, MAX(s.rss_bytes) AS peak_rss,
               MAX(s.cpu_percent) AS peak_cpu, COUNT(*) AS samples, MIN(s.time) AS first, MAX(s.time) AS last
             FROM process_samples s JOIN processes p ON p.id = s.process_id
             WHERE s.time >= ? AND s.time <= ?
             GROUP BY s.process_id ORDER BY ${order} DESC, p.pid LIMIT ?`,
          ).all(fromMs, toMs, limit) as OffenderRow[]
        ).map(toOffender),
      );
    },
  };
}
