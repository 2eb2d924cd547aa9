// The composition root (docs/architecture.md): the TUI, the daemon and `status` all build their
// engine here, so collectors and rules are wired once. src/host/services.ts chooses the services
// that run beside it; src/engine/ itself knows no collector set, rule or service.
import { defaultCollectors } from '../collectors/index.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { createLogger } from '../core/log.ts';
import { rootsFromEnv } from '../core/roots.ts';
import type { Clock, Collector, EngineRole, Logger, Roots } from '../core/types.ts';
import { type Analyzer, createEngine, type Engine } from '../engine/engine.ts';
import { createAnalyzer } from '../rules/index.ts';

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
