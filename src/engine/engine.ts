import { hostname as osHostname } from 'node:os';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import { sanitize } from '../core/sanitize.ts';
import type {
  Alert,
  AlertEvent,
  Clock,
  CollectContext,
  Collector,
  EngineEvent,
  EngineListener,
  Logger,
  OomForesight,
  PartName,
  RawParts,
  RawSample,
  Roots,
  Snapshot,
} from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import { userResolver } from '../proc/users.ts';
import { closeSlots, runCollector, slotsFor } from './collect.ts';
import { createDeriveMemo, derive } from './derive.ts';
import { HistoryRing } from './history.ts';
import type { Lineage } from './lineage.ts';
import { fixedSchedule } from './schedule.ts';

/** Rules + lifecycle behind one call: snapshot in, alert events out (src/rules). */
export interface Analyzer {
  analyze(snapshot: Snapshot, history: HistoryRing, now: number): AlertEvent[];
  /** Alerts currently firing. */
  active(): Alert[];
  setConfig(config: VigilConfig): void;
  /** Who started each process, remembered after reparenting (the rules' lineage memory). */
  readonly lineage?: Lineage;
  /** The memory trend's part of the OOM foresight (time to OOM), for the snapshot. */
  foresight?(snapshot: Snapshot): Pick<OomForesight, 'trendBytesPerSec' | 'timeToOomSecs'>;
  /** Learned baselines, so the store can persist them across restarts (src/rules/baseline.ts). */
  exportBaselines?(): unknown;
  importBaselines?(data: unknown): void;
}

export interface EngineOptions {
  collectors: Collector[];
  config: VigilConfig;
  analyzer?: Analyzer;
  clock?: Clock;
  roots: Roots;
  log?: Logger;
  hostname?: string;
  historySize?: number;
  userOf?: (uid: number) => string;
}

export interface TickResult {
  snapshot: Snapshot;
  events: AlertEvent[];
  /** Wall time of the tick in ms. */
  tickMs: number;
}

export interface Engine {
  /** Take one sample now (also what the loop calls). */
  tick(): Promise<TickResult>;
  /**
   * Tick every `intervalMs` on a fixed schedule, never overlapping. Without an argument the
   * interval follows the config, also after setConfig (a reload that changes interval_secs).
   */
  start(intervalMs?: number): void;
  /** Let the tick in flight finish, stop the loop, close collectors. */
  stop(): Promise<void>;
  subscribe(listener: EngineListener): () => void;
  latest(): Snapshot | undefined;
  readonly history: HistoryRing;
  /** Rules + lifecycle, when the engine has them. */
  readonly analyzer: Analyzer | undefined;
  config(): VigilConfig;
  setConfig(config: VigilConfig): void;
  readonly stats: { ticks: number; errors: number; lastTickMs: number; skippedProcesses: number };
}

/** The engine's core: sample → derive → analyze → notify subscribers. */
export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? createLogger();
  const history = new HistoryRing(opts.historySize ?? 720);
  const listeners = new Set<EngineListener>();
  const slots = slotsFor(opts.collectors);
  const host = sanitize(opts.hostname ?? osHostname(), 253);
  const version = vigilVersion();
  const userOf = opts.userOf ?? userResolver();
  const memo = createDeriveMemo();
  let config = opts.config;
  let prevRaw: RawSample | null = null;
  let tickNo = 0;
  let inFlight: Promise<TickResult> | null = null;
  let followConfig = false;
  const stats = { ticks: 0, errors: 0, lastTickMs: 0, skippedProcesses: 0 };

  function emit(event: EngineEvent): void {
    for (const l of listeners) {
      try {
        l(event);
      } catch (err) {
        log.once(`listener:${(err as Error).message}`, 'error', 'subscriber failed', {
          error: (err as Error).message,
        });
      }
    }
  }

  function failed(name: string, err: unknown): void {
    stats.errors++;
    const message = (err as Error)?.message ?? String(err);
    log.once(`collector:${name}:${message}`, 'warn', 'collector failed', { collector: name, error: message });
    emit({ type: 'error', source: name, message });
  }

  async function doTick(): Promise<TickResult> {
    const started = clock.monotonic();
    const ctx: CollectContext = { roots: opts.roots, clock, log, tick: tickNo };
    const values = await Promise.all(slots.map((s) => runCollector(s, ctx, failed, log)));
    const parts: Partial<RawParts> = {};
    slots.forEach((s, i) => {
      if (values[i] !== undefined) (parts as Record<PartName, unknown>)[s.collector.name] = values[i];
    });
    const raw: RawSample = { time: clock.now(), monotonic: clock.monotonic(), parts };
    const snapshot = derive(prevRaw, raw, { version, hostname: host, userOf, memo });
    prevRaw = raw;
    stats.skippedProcesses = parts.processes?.skipped ?? 0;
    let events: AlertEvent[] = [];
    if (opts.analyzer) {
      try {
        events = opts.analyzer.analyze(snapshot, history, raw.time);
        snapshot.alerts = opts.analyzer.active();
        if (snapshot.oom && opts.analyzer.foresight)
          Object.assign(snapshot.oom, opts.analyzer.foresight(snapshot));
      } catch (err) {
        failed('rules', err);
      }
    }
    history.push(snapshot);
    tickNo++;
    stats.ticks++;
    const tickMs = clock.monotonic() - started;
    stats.lastTickMs = tickMs;
    emit({ type: 'snapshot', snapshot, raw, tickMs });
    for (const e of events) emit({ type: 'alert', alert: e });
    return { snapshot, events, tickMs };
  }

  function tick(): Promise<TickResult> {
    if (inFlight) return inFlight;
    inFlight = doTick().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const loop = fixedSchedule(clock, async () => {
    try {
      await tick();
    } catch (err) {
      failed('engine', err);
    }
  });

  return {
    tick,
    start(ms?: number) {
      if (loop.running) return;
      followConfig = ms === undefined;
      loop.start(ms ?? config.general.interval_secs * 1000);
    },
    async stop() {
      loop.stop();
      if (inFlight) await inFlight.catch(() => undefined);
      await closeSlots(slots, log);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    latest: () => history.latest(),
    history,
    analyzer: opts.analyzer,
    config: () => config,
    setConfig(next) {
      config = next;
      opts.analyzer?.setConfig(next);
      if (loop.running && followConfig) loop.retime(next.general.interval_secs * 1000);
    },
    stats,
  };
}
