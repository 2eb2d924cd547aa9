// The single composition point (ARCHITECTURE.md): the TUI, the daemon and `status` all build
// their engine here, so collectors and rules are wired once.

import { cpuCollector } from '../collectors/cpu.ts';
import { memoryCollector } from '../collectors/memory.ts';
import { processCollector } from '../collectors/processes.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import { rootsFromEnv } from '../core/roots.ts';
import type { Clock, Collector, Logger, Roots } from '../core/types.ts';
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
export function defaultCollectors(_config: VigilConfig, role: EngineRole): Collector[] {
  return [cpuCollector(), memoryCollector(), processCollector({ fdEveryTicks: role === 'status' ? 1 : 12 })];
}

export function buildEngine(opts: ComposeOptions): Engine {
  const log = opts.log ?? createLogger();
  return createEngine({
    collectors: opts.collectors ?? defaultCollectors(opts.config, opts.role),
    config: opts.config,
    roots: opts.roots ?? rootsFromEnv(),
    clock: opts.clock ?? realClock,
    log,
    ...(opts.analyzer ? { analyzer: opts.analyzer } : {}),
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
    historySize: Math.max(60, Math.ceil(3600 / opts.config.general.interval_secs)),
  });
}
