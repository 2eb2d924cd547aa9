// Driving the history writer (src/store/recorder.ts) without a live engine: a stand-in engine
// that emits what the real one does each tick (the snapshot derived from two raw samples, then
// the alert events), so tests and the store bench can record a simulated machine fast.
import { hostname } from 'node:os';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type {
  Alert,
  AlertEvent,
  EngineEvent,
  EngineListener,
  RawSample,
  Snapshot,
} from '../../src/core/types.ts';
import { derive } from '../../src/engine/derive.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { createRecorder } from '../../src/store/recorder.ts';

/** The recorder stores this machine's name with each chain: the stand-in engine uses it too. */
export const DERIVE_CTX = { version: 'test', hostname: hostname(), userOf: (uid: number) => `u${uid}` };

export interface Driver {
  engine: Engine;
  /** Derive and emit one tick's sample, then these alert events; returns the snapshot emitted. */
  tick(raw: RawSample, events?: AlertEvent[]): Snapshot;
}

export function driver(): Driver {
  const listeners = new Set<EngineListener>();
  let prev: RawSample | null = null;
  const emit = (e: EngineEvent) => {
    for (const l of listeners) l(e);
  };
  const engine = {
    subscribe(l: EngineListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    analyzer: undefined,
  } as unknown as Engine;
  return {
    engine,
    tick(raw, events = []) {
      const snapshot = derive(prev, raw, DERIVE_CTX);
      prev = raw;
      emit({ type: 'snapshot', snapshot, raw, tickMs: 1 });
      for (const alert of events) emit({ type: 'alert', alert });
      return snapshot;
    },
  };
}

export function alertEvent(event: 'fired' | 'resolved', time: number, over: Partial<Alert> = {}): AlertEvent {
  return {
    event,
    time,
    alert: {
      id: 'ghost_process_storm-0123456789ab',
      rule: 'ghost_process_storm',
      severity: 'high',
      state: event === 'fired' ? 'firing' : 'resolved',
      since: new Date(time).toISOString(),
      message: 'a storm of mcp_server.py',
      subject: { pids: [] },
      suggestedCommand: null,
      ...over,
    },
  };
}

/** A history writer in `dataDir` on a fake clock from `start`, flushing at once, fed by a stand-in engine. */
export function recording(dataDir: string, start: number, interval = 60) {
  const config = defaultConfig();
  config.history.snapshot_interval_secs = interval;
  const clock = new FakeClock(start);
  const log = memoryLogger();
  const recorder = createRecorder(
    { config, dataDir, log, role: 'daemon', env: {} },
    { clock, defer: (fn) => fn() },
  );
  const d = driver();
  recorder.start(d.engine);
  return { dataDir, clock, log, recorder, d };
}
