// The daemon heartbeat: DATA_DIR/daemon.json, rewritten (atomically) as the engine ticks, so
// `vigil health` can tell a live daemon from a dead or hung one. The pid and
// its start time (from /proc) identify the process, so a reused pid is not mistaken for ours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivate } from '../core/files.ts';
import type { Logger } from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { startTicksOf } from '../proc/read.ts';

export const HEARTBEAT_FILE = 'daemon.json';

export interface Heartbeat {
  pid: number;
  /** The process start time in ticks after boot (/proc/PID/stat field 22), null if unknown. */
  startTicks: number | null;
  version: string;
  /** ISO 8601: when the file was last written. */
  time: string;
  startedAt: string;
  ticks: number;
  intervalSecs: number;
  /** Set on a clean shutdown. */
  stoppedAt?: string;
}

export function heartbeatPath(dataDir: string): string {
  return join(dataDir, HEARTBEAT_FILE);
}

/** Read and shape-check the heartbeat file; null when absent or unreadable as a heartbeat. */
export function readHeartbeat(dataDir: string): Heartbeat | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(heartbeatPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
  const h = data as Partial<Heartbeat>;
  if (!h || typeof h.pid !== 'number' || typeof h.time !== 'string' || typeof h.ticks !== 'number')
    return null;
  return {
    pid: h.pid,
    startTicks: typeof h.startTicks === 'number' ? h.startTicks : null,
    version: String(h.version ?? ''),
    time: h.time,
    startedAt: String(h.startedAt ?? h.time),
    ticks: h.ticks,
    intervalSecs: typeof h.intervalSecs === 'number' && h.intervalSecs > 0 ? h.intervalSecs : 5,
    ...(typeof h.stoppedAt === 'string' ? { stoppedAt: h.stoppedAt } : {}),
  };
}

export type HeartbeatState =
  | { state: 'absent' }
  | { state: 'stopped'; heartbeat: Heartbeat }
  | { state: 'dead'; heartbeat: Heartbeat }
  | { state: 'stale'; heartbeat: Heartbeat; ageSecs: number }
  | { state: 'alive'; heartbeat: Heartbeat; ageSecs: number };

/** Longest silence before a live pid counts as hung: three intervals, at least 15 s. */
export function staleAfterSecs(intervalSecs: number): number {
  return Math.max(15, intervalSecs * 3 + 2);
}

/** Judge a heartbeat (pure once the pid's start time is looked up by `startTicksOf`). */
export function judgeHeartbeat(
  h: Heartbeat | null,
  nowMs: number,
  startTicksOf: (pid: number) => number | null,
): HeartbeatState {
  if (!h) return { state: 'absent' };
  if (h.stoppedAt) return { state: 'stopped', heartbeat: h };
  const current = startTicksOf(h.pid);
  if (current === null || (h.startTicks !== null && current !== h.startTicks))
    return { state: 'dead', heartbeat: h };
  const ageSecs = Math.max(0, (nowMs - Date.parse(h.time)) / 1000);
  if (!(ageSecs <= staleAfterSecs(h.intervalSecs))) return { state: 'stale', heartbeat: h, ageSecs };
  return { state: 'alive', heartbeat: h, ageSecs };
}

export interface HeartbeatServiceOptions {
  dataDir: string;
  log: Logger;
  intervalSecs: number;
  now?: () => number;
  pid?: number;
  procRoot?: string;
}

/** Writes the heartbeat at start, after ticks (at most once a second), and on a clean stop. */
export function createHeartbeatService(opts: HeartbeatServiceOptions): Service {
  const now = opts.now ?? Date.now;
  const pid = opts.pid ?? process.pid;
  const path = heartbeatPath(opts.dataDir);
  const startedAt = new Date(now()).toISOString();
  const startTicks = startTicksOf({ proc: opts.procRoot ?? '/proc' }, pid);
  let intervalSecs = opts.intervalSecs;
  let ticks = 0;
  let lastWrite = 0;
  let unsubscribe: (() => void) | null = null;

  function write(extra: Partial<Heartbeat> = {}): void {
    const t = now();
    const h: Heartbeat = {
      pid,
      startTicks,
      version: vigilVersion(),
      time: new Date(t).toISOString(),
      startedAt,
      ticks,
      intervalSecs,
      ...extra,
    };
    try {
      // 0600, replaced atomically, never written through a link (src/core/files.ts).
      writePrivate(path, JSON.stringify(h) + '\n');
      lastWrite = t;
    } catch (err) {
      opts.log.once(
        `heartbeat:${(err as NodeJS.ErrnoException).code}`,
        'warn',
        'cannot write the heartbeat',
        {
          path,
          error: (err as Error).message,
        },
      );
    }
  }

  return {
    name: 'heartbeat',
    start(engine) {
      ensurePrivateDir(opts.dataDir);
      write();
      unsubscribe = engine.subscribe((e) => {
        if (e.type !== 'snapshot') return;
        ticks = engine.stats.ticks;
        if (now() - lastWrite >= 1000) write();
      });
    },
    reload(config) {
      intervalSecs = config.general.interval_secs;
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      write({ stoppedAt: new Date(now()).toISOString() });
    },
  };
}

/** The host factory: the daemon writes a heartbeat, the TUI does not. */
export function heartbeatServiceFromContext(ctx: ServiceContext): Service | null {
  if (ctx.role !== 'daemon') return null;
  return createHeartbeatService({
    dataDir: ctx.dataDir,
    log: ctx.log,
    intervalSecs: ctx.config.general.interval_secs,
  });
}
