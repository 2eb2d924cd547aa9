// The analyzer: every rule of SPEC §7 behind the engine's Analyzer interface. The judge
// (judge.ts) owns the state rules need across ticks and gives this tick's findings; the
// lifecycle turns them into alert events (pending → firing → resolved). The one-shot look of
// `vigil status` is oneshot.ts.
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import type { Alert, AlertEvent, Clock, Logger, Snapshot } from '../core/types.ts';
import type { Analyzer } from '../engine/engine.ts';
import type { HistoryRing } from '../engine/history.ts';
import type { Lineage } from '../engine/lineage.ts';
import type { BaselineData } from './baseline.ts';
import { createJudge } from './judge.ts';
import { Lifecycle } from './lifecycle.ts';
import type { MemoryExport } from './memory.ts';

export type { BaselineData } from './baseline.ts';
export { RULES } from './judge.ts';
export type { MemoryExport } from './memory.ts';

export interface VigilAnalyzer extends Analyzer {
  /** The learned hour-of-day baselines, for the store to persist (shape: docs/rules.md). */
  exportBaselines(): BaselineData;
  /** Restore persisted baselines (unknown or malformed parts are ignored). */
  importBaselines(data: unknown): void;
  /**
   * What the daemon remembers that /proc does not say (zombies' first sight, who started the
   * processes that matter to the storm and orphan rules), for the store; null when unchanged
   * since the last export unless `force`. Shape: docs/rules.md "Memory".
   */
  exportMemory(force?: boolean): MemoryExport | null;
  /** Restore a remembered state (malformed parts ignored; what is already known wins). */
  importMemory(data: unknown): void;
  /** Remembered ancestry (for `explain` and the TUI). */
  readonly lineage: Lineage;
}

export interface AnalyzerOptions {
  clock?: Clock;
  log?: Logger;
  /** Vigil's own pid (default process.pid): it and its ancestors are never a rule's subject. */
  selfPid?: number;
  /** Local hour of a time (tests pin it); default: the machine's local time. */
  hourOf?: (ms: number) => number;
}

export function createAnalyzer(initial: VigilConfig, opts: AnalyzerOptions = {}): VigilAnalyzer {
  const clock = opts.clock ?? realClock;
  const judge = createJudge(initial, opts);
  const lifecycle = new Lifecycle();
  const hooks = { firing: (key: string) => lifecycle.isFiring(key) };
  return {
    lineage: judge.lineage,
    analyze(snapshot: Snapshot, _history: HistoryRing, now: number = clock.now()): AlertEvent[] {
      return lifecycle.update(judge.judge(snapshot, now, hooks), now);
    },
    active(): Alert[] {
      return lifecycle.active();
    },
    setConfig: (next) => judge.setConfig(next),
    exportBaselines: () => judge.exportBaselines(),
    importBaselines: (data) => judge.importBaselines(data),
    exportMemory: (force) => judge.exportMemory(clock.now(), force),
    foresight: (snapshot) => judge.foresight(snapshot),
    importMemory: (data) => judge.importMemory(data, clock.now()),
  };
}
