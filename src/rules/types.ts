// What a rule sees and returns. Rules are pure functions of this context: the analyzer
// (src/rules/index.ts) owns the state (lineage, series, baselines) and feeds it in.
import type { VigilConfig } from '../config/types.ts';
import type { Finding, KernelEvent, ProcessSnapshot, RuleId, Snapshot } from '../core/types.ts';
import type { Lineage } from '../engine/lineage.ts';
import type { Params } from '../i18n/index.ts';
import type { Baselines } from './baseline.ts';
import type { RuleCaches } from './caches.ts';
import type { DuplicateGroup } from './groups.ts';
import type { DiskSeries, RssSeries } from './trend.ts';

export interface RuleContext {
  snapshot: Snapshot;
  /** Wall-clock ms of this tick. */
  now: number;
  config: VigilConfig;
  /** Translate a message key into the configured language. */
  t: (key: string, params?: Params) => string;
  /** Whether the alert with this finding key is firing now (for hysteresis). */
  firing: (key: string) => boolean;
  /** Whether allowlist.ignore_commands suppresses this process. */
  ignored: (p: ProcessSnapshot) => boolean;
  lineage: Lineage;
  /** Processes by pid (this snapshot). */
  byPid: ReadonlyMap<number, ProcessSnapshot>;
  /** Groups of identical (normalised) command lines, computed once per tick. */
  groups: () => DuplicateGroup[];
  rss: RssSeries;
  disks: DiskSeries;
  baselines: Baselines;
  /** When each zombie (pid:startTicks) was first seen in state Z. */
  zombieSince: ReadonlyMap<string, number>;
  /** Recent kernel OOM events still inside their hold time. */
  recentOoms: readonly KernelEvent[];
  /** Memos kept across ticks (ancestor classes, normalised command lines, this tick's storms). */
  caches: RuleCaches;
}

export interface Rule {
  id: RuleId;
  evaluate(ctx: RuleContext): Finding[];
}
