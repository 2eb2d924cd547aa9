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
  PartName,
  RawParts,
  RawSample,
  Roots,
  Snapshot,
} from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import { userResolver } from '../proc/users.ts';
import { derive } from './derive.ts';
import { HistoryRing } from './history.ts';
import type { Lineage } from './lineage.ts';

/** Rules + lifecycle behind one call: snapshot in, alert events out (src/rules). */
export interface Analyzer {
  analyze(snapshot: Snapshot, history: HistoryRing, now: number): AlertEvent[];
  /** Alerts currently firing. */
  active(): Alert[];
  setConfig(config: VigilConfig): void;
  /** Who started each process, remembered after reparenting (the rules' lineage memory). */
  readonly lineage?: Lineage;
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

interface Slot {
  collector: Collector;
  last: unknown;
  hasLast: boolean;
  pending: Promise<unknown> | null;
}

/** The single composition point's core: sample → derive → analyze → notify subscribers. */
export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? createLogger();
  const history = new HistoryRing(opts.historySize ?? 720);
  const listeners = new Set<EngineListener>();
  const slots: Slot[] = opts.collectors.map((collector) => ({
    collector,
    last: undefined,
    hasLast: false,
    pending: null,
  }));
  const host = sanitize(opts.hostname ?? osHostname(), 253);
  const version = vigilVersion();
  const userOf = opts.userOf ?? userResolver();
  let config = opts.config;
  let prevRaw: RawSample | null = null;
  let tickNo = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<TickResult> | null = null;
  let running = false;
  let intervalMs = 0;
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

  async function runCollector(slot: Slot, ctx: CollectContext): Promise<unknown> {
    const c = slot.collector;
    const carry = c.carryForward !== false;
    const due = tickNo % Math.max(1, c.everyTicks ?? 1) === 0;
    if (!due || slot.pending) return carry && slot.hasLast ? slot.last : undefined;
    let result: unknown;
    try {
      result = c.collect(ctx);
    } catch (err) {
      failed(c.name, err);
      return carry && slot.hasLast ? slot.last : undefined;
    }
    if (!(result instanceof Promise)) {
      slot.last = result;
      slot.hasLast = true;
      return result;
    }
    // An async collector gets a deadline; if late, the tick goes on with the last value and the
    // promise keeps running (no second call until it settles): nothing can stall sampling.
    const settled = result.then(
      (value) => {
        slot.last = value;
        slot.hasLast = true;
        slot.pending = null;
        return { value };
      },
      (err) => {
        slot.pending = null;
        failed(c.name, err);
        return { value: carry && slot.hasLast ? slot.last : undefined };
      },
    );
    slot.pending = settled;
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timeout = setTimeout(() => resolve(null), c.timeoutMs ?? 250);
    });
    const first = await Promise.race([settled, late]);
    clearTimeout(timeout);
    if (first === null) {
      log.once(`collector-late:${c.name}`, 'warn', 'collector too slow; tick continues without waiting', {
        collector: c.name,
        timeoutMs: c.timeoutMs ?? 250,
      });
      if (!carry) return undefined;
      return slot.hasLast ? slot.last : undefined;
    }
    return first.value;
  }

  async function doTick(): Promise<TickResult> {
    const started = clock.monotonic();
    const ctx: CollectContext = { roots: opts.roots, clock, log, tick: tickNo };
    const values = await Promise.all(slots.map((s) => runCollector(s, ctx)));
    const parts: Partial<RawParts> = {};
    slots.forEach((s, i) => {
      if (values[i] !== undefined) (parts as Record<PartName, unknown>)[s.collector.name] = values[i];
    });
    const raw: RawSample = { time: clock.now(), monotonic: clock.monotonic(), parts };
    const snapshot = derive(prevRaw, raw, { version, hostname: host, userOf });
    prevRaw = raw;
    stats.skippedProcesses = parts.processes?.skipped ?? 0;
    let events: AlertEvent[] = [];
    if (opts.analyzer) {
      try {
        events = opts.analyzer.analyze(snapshot, history, raw.time);
        snapshot.alerts = opts.analyzer.active();
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

  function schedule(nextAt: number): void {
    if (!running) return;
    const delay = Math.max(0, nextAt - clock.monotonic());
    timer = setTimeout(async () => {
      timer = null;
      try {
        await tick();
      } catch (err) {
        failed('engine', err);
      }
      // Fixed schedule; if a tick overran, skip the missed slots instead of bursting.
      let next = nextAt + intervalMs;
      const now = clock.monotonic();
      if (next < now) next = now + intervalMs - ((now - nextAt) % intervalMs);
      schedule(next);
    }, delay);
  }

  return {
    tick,
    start(ms?: number) {
      if (running) return;
      running = true;
      followConfig = ms === undefined;
      intervalMs = ms ?? config.general.interval_secs * 1000;
      schedule(clock.monotonic());
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight.catch(() => undefined);
      for (const s of slots) {
        try {
          await s.collector.close?.();
        } catch (err) {
          log.warn('collector close failed', { collector: s.collector.name, error: (err as Error).message });
        }
      }
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
      const ms = next.general.interval_secs * 1000;
      if (running && followConfig && ms !== intervalMs) {
        intervalMs = ms;
        // The next tick comes one new interval from now; the tick in flight (if any) finishes.
        if (timer) {
          clearTimeout(timer);
          timer = null;
          schedule(clock.monotonic() + ms);
        }
      }
    },
    stats,
  };
}
