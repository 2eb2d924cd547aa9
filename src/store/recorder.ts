// The recorder: the one service that writes history. It takes the single-recorder lock (a row
// holding pid + start time), writes a system sample with the top processes every
// `history.snapshot_interval_secs`, records alert events as they come, and runs retention hourly.
// Writes happen after the tick (setImmediate), one small transaction each, so a tick never waits.
// Without the lock (a daemon already records) it only retries the lock now and then.
import { hostname } from 'node:os';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { sanitize } from '../core/sanitize.ts';
import type { AlertEvent, Clock, EngineEvent, Logger, Snapshot } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { MEMORY_STATE } from './analyzer-state.ts';
import { type Capture, type CaptureSettings, type CaptureStats, createCapture } from './capture.ts';
import { CMDLINE_MAX, storedText } from './rows.ts';
import { openStore, type Store } from './store.ts';
import type { StoreStatus } from './types.ts';

const RETENTION_EVERY_MS = 3_600_000;
/** A write slower than this is worth a warning: the event loop is shared with sampling. */
const SLOW_WRITE_MS = 50;

/** What the engine's analyzer may offer to persist its learned baselines (src/rules). */
export interface BaselineSource {
  exportBaselines(): unknown;
  importBaselines(data: unknown): void;
  /** What it remembers across restarts (src/rules/memory.ts); null when unchanged unless forced. */
  exportMemory?(force?: boolean): unknown;
  importMemory?(data: unknown): void;
}

/** The engine's analyzer, when it can export/import baselines. */
export function baselineSourceOf(engine: Engine): BaselineSource | undefined {
  const a = engine.analyzer;
  return a?.exportBaselines && a.importBaselines ? (a as BaselineSource) : undefined;
}

export interface RecorderService extends Service {
  /** True while this process holds the lock and writes history. */
  isRecording(): boolean;
  status(): StoreStatus & { recording: boolean; recorderPid: number | null };
  /** The incident recorder's capture, while recording (ring size, frames written). */
  capture(): CaptureStats | null;
  /** The open store, for reading history (TUI charts, explain). */
  readonly store: Store;
}

export interface RecorderOptions {
  clock?: Clock;
  /** The analyzer's baselines, when the rules expose them. */
  baselines?: BaselineSource;
  /** Least time between two tries at the lock while another process records (default 5 s). */
  lockRetryMs?: number;
  /** Schedule work after the tick (tests may pass a synchronous runner). */
  defer?: (fn: () => void) => void;
  /** The capture ring's byte budget (default CAPTURE_BUDGET_BYTES). */
  captureBudgetBytes?: number;
}

/** The `[history]` keys the capture follows (read again after a reload). */
function captureSettings(config: VigilConfig): CaptureSettings {
  return {
    snapshotIntervalMs: Math.max(0, config.history.snapshot_interval_secs * 1000),
    beforeMs: config.history.incident_before_secs * 1000,
    afterMs: config.history.incident_after_secs * 1000,
  };
}

/** The incident recorder runs in whoever holds the lock (docs/history.md): its capture. */
function captureFor(
  store: Store,
  log: Logger,
  opts: RecorderOptions,
  settings: () => CaptureSettings,
): Capture {
  return createCapture({
    frames: store,
    hostname: sanitize(hostname(), 253),
    // SPEC §8: history holds no secret a command line or a kernel line carries.
    stored: (text) => storedText(text, CMDLINE_MAX),
    log,
    budgetBytes: opts.captureBudgetBytes,
    settings,
  });
}

export function createRecorder(ctx: ServiceContext, opts: RecorderOptions = {}): RecorderService {
  const clock = opts.clock ?? realClock;
  const log: Logger = ctx.log;
  const defer = opts.defer ?? ((fn: () => void) => void setImmediate(fn));
  let config: VigilConfig = ctx.config;
  const store = openStore(ctx.dataDir, { log, clock });
  let recording = false;
  let unsubscribe: (() => void) | null = null;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let lastLockTry = Number.NEGATIVE_INFINITY;
  let lastRetention = Number.NEGATIVE_INFINITY;
  let pending: Snapshot | null = null;
  let scheduled = false;
  const pendingAlerts: AlertEvent[] = [];
  let latestSnapshot: Snapshot | null = null;
  let baselines: BaselineSource | undefined = opts.baselines;
  let stopped = false;
  let capture: Capture | null = null;

  const intervalMs = () => Math.max(0, config.history.snapshot_interval_secs * 1000);

  function takeLock(): void {
    lastLockTry = clock.monotonic();
    const was = recording;
    recording = store.acquireRecorder(ctx.role);
    if (recording && !was) {
      log.info('recording history', { path: store.path, role: ctx.role });
      capture = captureFor(store, log, opts, () => captureSettings(config));
      restoreBaselines();
      restoreMemory();
    } else if (!recording && !was) {
      const owner = store.recorderInfo();
      if (owner?.alive)
        log.once('recorder-held', 'info', 'another Vigil records history; reading it only', {
          recorderPid: owner.pid,
          role: owner.role,
        });
    }
  }

  function restoreMemory(): void {
    if (!baselines?.importMemory) return;
    const saved = store.loadAnalyzerState(MEMORY_STATE);
    if (saved === null) return;
    try {
      baselines.importMemory(saved.data);
      log.info('analyzer memory restored', { savedAt: new Date(saved.updatedAt).toISOString() });
    } catch (err) {
      log.warn('saved analyzer memory ignored', { error: (err as Error).message });
    }
  }

  /** Saved with each history write when it changed, so a kill -9 loses at most one interval. */
  function saveMemory(force = false): void {
    if (!baselines?.exportMemory || !recording) return;
    try {
      const data = baselines.exportMemory(force);
      if (data !== null && data !== undefined) store.saveAnalyzerState(MEMORY_STATE, data);
    } catch (err) {
      log.once('memory-export', 'warn', 'analyzer memory could not be exported', {
        error: (err as Error).message,
      });
    }
  }

  function restoreBaselines(): void {
    if (!baselines) return;
    const saved = store.loadBaseline('analyzer');
    if (saved === null) return;
    try {
      baselines.importBaselines(saved);
      log.info('baselines restored', { path: store.path });
    } catch (err) {
      log.warn('saved baselines ignored', { error: (err as Error).message });
    }
  }

  function saveBaselines(): void {
    if (!baselines || !recording) return;
    try {
      store.saveBaseline('analyzer', baselines.exportBaselines());
    } catch (err) {
      log.once('baselines-export', 'warn', 'baselines could not be exported', {
        error: (err as Error).message,
      });
    }
  }

  function retention(): void {
    lastRetention = clock.monotonic();
    const started = realClock.monotonic();
    const r = store.retention({ now: clock.now(), retentionHours: config.history.retention_hours });
    if (r) log.debug('history retention', { ...r, ms: Math.round(realClock.monotonic() - started) });
  }

  function flush(): void {
    scheduled = false;
    if (!recording) return;
    // Alerts first: they are what a kill -9 must not lose.
    while (pendingAlerts.length) {
      const e = pendingAlerts.shift()!;
      store.recordAlertEvent(e, process.pid);
      if (e.event === 'fired' && e.alert.subject.pids.length) {
        const latest = pending ?? latestSnapshot;
        if (latest) store.recordProcesses(latest, e.alert.subject.pids);
      }
    }
    if (pending) {
      const s = pending;
      pending = null;
      const ok = store.recordSnapshot(s, { heartbeatPid: process.pid });
      const ms = store.status().lastWriteMs;
      if (ok) log.debug('history write', { ms: Math.round(ms * 100) / 100, processes: s.processes.length });
      saveMemory();
      if (ok && ms > SLOW_WRITE_MS)
        log.once('slow-history-write', 'warn', 'history write slow', { ms: Math.round(ms) });
    }
    capture?.flush();
    if (clock.monotonic() - lastRetention >= RETENTION_EVERY_MS) {
      saveBaselines();
      retention();
    }
  }

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    defer(flush);
  }

  function onEvent(e: EngineEvent): void {
    if (e.type === 'snapshot') {
      latestSnapshot = e.snapshot;
      const now = clock.monotonic();
      if (!recording) {
        if (now - lastLockTry >= Math.max(intervalMs(), opts.lockRetryMs ?? 5000)) takeLock();
        if (!recording) return;
      }
      capture?.sample(e.raw);
      if (now - lastWrite >= intervalMs()) {
        lastWrite = now;
        pending = e.snapshot;
      }
      if (pending || capture?.pending()) schedule();
    } else if (e.type === 'alert' && recording) {
      pendingAlerts.push(e.alert);
      if (e.alert.event === 'fired') capture?.alertFired(e.alert.alert.id, e.alert.time);
      schedule();
    }
  }

  return {
    name: 'recorder',
    store,
    isRecording: () => recording,
    status: () => ({
      ...store.status(),
      recording,
      recorderPid: store.recorderInfo()?.pid ?? null,
    }),
    capture: () => capture?.stats() ?? null,
    start(engine: Engine) {
      baselines = opts.baselines ?? baselineSourceOf(engine);
      takeLock();
      if (recording) retention();
      unsubscribe = engine.subscribe(onEvent);
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      if (recording) {
        flush();
        capture?.close(clock.now());
        capture = null;
        saveBaselines();
        saveMemory(true);
        store.releaseRecorder();
      }
      stopped = true;
      recording = false;
      store.close();
    },
    reload(next: VigilConfig) {
      config = next;
    },
  };
}
