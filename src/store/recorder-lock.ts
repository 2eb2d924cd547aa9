// The single-recorder lock (docs/history.md "Exactly one recorder"): one `recorder` row holding
// the recording process's pid, its start time (so a reused pid is not taken for the owner), role,
// host and a heartbeat.
import { hostname as osHostname } from 'node:os';
import type { Clock } from '../core/types.ts';
import { isRunning, startTicksOf } from '../proc/read.ts';
import type { Connection } from './connection.ts';
import type { RecorderInfo } from './types.ts';

export interface RecorderLock {
  /** Take the single-recorder lock; false when another live process holds it. */
  acquireRecorder(role: string): boolean;
  /** Release the lock if this process holds it; alerts it left firing are closed. */
  releaseRecorder(): void;
  recorderInfo(): RecorderInfo | null;
}

/** The lock's methods, plus what the other concerns use inside their own transactions. */
export interface RecorderLockParts {
  lock: RecorderLock;
  /** Refresh the heartbeat of `pid` if it holds the lock (inside the caller's write). */
  heartbeat(pid: number, time: number): void;
  /** The lock row (inside the caller's read or write: throws when the read fails). */
  owner(): RecorderInfo | null;
}

interface RecorderRow {
  pid: number;
  pid_start: number | null;
  role: string;
  hostname: string;
  started_at: number;
  heartbeat_at: number;
}

/** Another host's recorder (a shared home dir) counts as alive while its heartbeat is this fresh. */
const REMOTE_HEARTBEAT_MS = 600_000;

export function createRecorderLock(
  conn: Connection,
  o: { clock: Clock; procRoot: string },
): RecorderLockParts {
  const prep = conn.statements();
  const myPid = process.pid;
  const myStart = startTicksOf({ proc: o.procRoot }, myPid);

  function owner(): RecorderInfo | null {
    const r = prep('SELECT * FROM recorder WHERE id = 1').get() as RecorderRow | undefined;
    if (!r) return null;
    const sameHost = r.hostname === osHostname();
    return {
      pid: r.pid,
      role: r.role,
      hostname: r.hostname,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      // Another host's pid cannot be checked here: trust its heartbeat.
      alive: sameHost
        ? isRunning({ proc: o.procRoot }, r.pid, r.pid_start)
        : o.clock.now() - r.heartbeat_at < REMOTE_HEARTBEAT_MS,
    };
  }

  const lock: RecorderLock = {
    acquireRecorder(role) {
      let got = false;
      const ok = conn.write('recorder', () => {
        const held = owner();
        if (held && held.pid !== myPid && held.alive) return;
        const now = o.clock.now();
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
      conn.write('recorder', () => {
        const now = o.clock.now();
        const held = prep('DELETE FROM recorder WHERE pid = ?').run(myPid).changes > 0;
        if (held) {
          prep(
            `UPDATE alerts SET resolved_at = ?, end_reason = 'recorder_stopped'
             WHERE resolved_at IS NULL AND recorder_pid = ?`,
          ).run(now, myPid);
        }
      });
    },

    recorderInfo: () => conn.read(null, owner),
  };

  return {
    lock,
    heartbeat(pid, time) {
      prep('UPDATE recorder SET heartbeat_at = ? WHERE pid = ?').run(time, pid);
    },
    owner,
  };
}
