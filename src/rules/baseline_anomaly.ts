// baseline_anomaly: a metric far above its learned hour-of-day baseline (z-score), sustained for
// BASELINE_FOR_SECS, once the hour slot has BASELINE_MIN_SAMPLES samples.
import type { Finding, Snapshot } from '../core/types.ts';
import { type BaselineMetric, cellStddev } from './baseline.ts';
import { reportSince } from './command.ts';
import type { Rule } from './types.ts';
import { percent } from './util.ts';

export const BASELINE_Z = 4;
export const BASELINE_FOR_SECS = 300;
/** Standard deviation floors (an idle machine's tiny variance must not turn a blip into z=20). */
export const BASELINE_STD_FLOOR: Record<BaselineMetric, number> = {
  cpu_percent: 5,
  memory_percent: 3,
  load_per_core: 0.25,
};
/** And the value must exceed the mean by at least this much. */
export const BASELINE_MIN_DELTA: Record<BaselineMetric, number> = {
  cpu_percent: 20,
  memory_percent: 10,
  load_per_core: 0.5,
};

/** The metrics learned and judged, read from a snapshot (null when unknown). */
export function baselineValues(s: Snapshot): Record<BaselineMetric, number | null> {
  return {
    cpu_percent: s.cpu.usagePercent,
    memory_percent: s.memory.totalBytes > 0 ? percent(s.memory.usedBytes, s.memory.totalBytes) : null,
    load_per_core: s.cpu.cores > 0 ? s.cpu.load1 / s.cpu.cores : null,
  };
}

/**
 * The value to learn: clamped to mean ± BASELINE_Z × stddev once the slot is judgeable, so an
 * excursion neither hides itself (by inflating the stddev at once) nor is ignored forever (a
 * lasting change of regime still moves the baseline, slowly).
 */
export function learnableValue(
  metric: BaselineMetric,
  value: number,
  cell: { mean: number; count: number; m2: number } | null,
): number {
  if (!cell) return value;
  const std = Math.max(cellStddev(cell), BASELINE_STD_FLOOR[metric]);
  return Math.min(cell.mean + BASELINE_Z * std, Math.max(cell.mean - BASELINE_Z * std, value));
}

function fmt(metric: BaselineMetric, v: number): string {
  return metric === 'load_per_core' ? v.toFixed(2) : `${v.toFixed(1)}%`;
}

export const rule: Rule = {
  id: 'baseline_anomaly',
  evaluate(ctx) {
    const out: Finding[] = [];
    const values = baselineValues(ctx.snapshot);
    for (const metric of Object.keys(values) as BaselineMetric[]) {
      const value = values[metric];
      if (value === null) continue;
      const cell = ctx.baselines.judgeable(metric, ctx.now);
      if (!cell) continue;
      const std = Math.max(cellStddev(cell), BASELINE_STD_FLOOR[metric]);
      const z = (value - cell.mean) / std;
      const key = `baseline_anomaly:${metric}`;
      const zMin = ctx.firing(key) ? BASELINE_Z / 2 : BASELINE_Z;
      if (z < zMin || value - cell.mean < BASELINE_MIN_DELTA[metric] / (ctx.firing(key) ? 2 : 1)) continue;
      out.push({
        rule: 'baseline_anomaly',
        severity: 'low',
        key,
        message: ctx.t('rules.baseline_anomaly', {
          metric: ctx.t(`rules.metric.${metric}`),
          value: fmt(metric, value),
          mean: fmt(metric, cell.mean),
          std: fmt(metric, cellStddev(cell)),
          z: z.toFixed(1),
        }),
        subject: { pids: [] },
        suggestedCommand: reportSince('24h'),
        forSecs: BASELINE_FOR_SECS,
        details: { metric, value, mean: cell.mean, stddev: cellStddev(cell), z, samples: cell.count },
      });
    }
    return out;
  },
};
