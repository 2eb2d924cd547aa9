// The single composition point (ARCHITECTURE.md): the TUI, the daemon and `status` all build
// their engine here, so collectors and rules are wired once.

import { cpuCollector } from '../collectors/cpu.ts';
import { diskCollector } from '../collectors/disks.ts';
import { gpuCollector, gpuEveryTicks } from '../collectors/gpu.ts';
import { kernelLogCollector } from '../collectors/kernel-log.ts';
import { memoryCollector } from '../collectors/memory.ts';
import { networkCollector } from '../collectors/network.ts';
import { processCollector } from '../collectors/processes.ts';
import { temperatureCollector } from '../collectors/temperatures.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import { rootsFromEnv } from '../core/roots.ts';
import type { Clock, Collector, Logger, Roots } from '../core/types.ts';
import { createAnalyzer } from '../rules/index.ts';
import { type Analyzer, createEngine, type Engine } from './engine.ts';

/** Who runs the engine: decides cadences (a one-shot `status` counts fds on its first sweep). */
export type EngineRole = 'daemon' | 'tui' | 'status';

export interface ComposeOptions {
  config: VigilConfig;
  role: EngineRole;
  roots?: Roots;
  clock?: Clock;
  log?: Logger;
  analyzer?: Analyzer;
  /** Replace the collector set (tests). */
  collectors?: Collector[];
  hostname?: string;
}

/** The collectors every role runs. */
export function defaultCollectors(config: VigilConfig, role: EngineRole): Collector[] {
  return [
    cpuCollector(),
    memoryCollector(),
    processCollector({ fdEveryTicks: role === 'status' ? 1 : 12 }),
    // GPU: ~every 5 s, and a tick waits at most timeoutMs for nvidia-smi (a one-shot status waits longer).
    gpuCollector(
      role === 'status'
        ? { everyTicks: 1, timeoutMs: 2000, commandTimeoutMs: 3000, quietAbsence: true }
        : { everyTicks: gpuEveryTicks(config.general.interval_secs), timeoutMs: 400 },
    ),
    diskCollector(),
    networkCollector(),
    temperatureCollector({ quietAbsence: role === 'status' }),
    kernelLogCollector({ quietAbsence: role === 'status' }),
  ];
}

/**
 * Snapshots the TUI keeps for its charts: one per column of the widest chart a terminal shows.
 * Other roles keep the latest two; rules keep their own bounded series (src/rules/trend.ts).
 */
export const CHART_HISTORY = 512;

export function buildEngine(opts: ComposeOptions): Engine {
  const log = opts.log ?? createLogger();
  const analyzer = opts.analyzer ?? createAnalyzer(opts.config, { clock: opts.clock ?? realClock, log });
  return createEngine({
    collectors: opts.collectors ?? defaultCollectors(opts.config, opts.role),
    config: opts.config,
    roots: opts.roots ?? rootsFromEnv(),
    clock: opts.clock ?? realClock,
    log,
    analyzer,
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
    historySize: opts.role === 'tui' ? CHART_HISTORY : 2,
  });
}
