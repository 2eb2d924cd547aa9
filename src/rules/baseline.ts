// Learned hour-of-day baselines (mean and standard deviation per metric and local hour), kept
// with Welford's online algorithm. The store persists them through exportBaselines() /
// importBaselines() (shape documented in docs/rules.md).

export const BASELINE_METRICS = ['cpu_percent', 'memory_percent', 'load_per_core'] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];

/** At most one learning sample per metric per this many ms (a minute of history = one sample). */
export const BASELINE_SAMPLE_MS = 60_000;
/** Samples an hour slot needs before it is judged (30 minutes of that hour, across days). */
export const BASELINE_MIN_SAMPLES = 30;

export interface BaselineCell {
  count: number;
  mean: number;
  /** Sum of squared deviations (Welford). */
  m2: number;
}

/** The persisted shape: version 1, metric → 24 cells (index = local hour 0–23). */
export interface BaselineData {
  version: 1;
  metrics: Partial<Record<BaselineMetric, BaselineCell[]>>;
}

function emptyCells(): BaselineCell[] {
  return Array.from({ length: 24 }, () => ({ count: 0, mean: 0, m2: 0 }));
}

export function cellStddev(c: BaselineCell): number {
  return c.count > 1 ? Math.sqrt(c.m2 / (c.count - 1)) : 0;
}

export class Baselines {
  private cells = new Map<BaselineMetric, BaselineCell[]>();
  private lastSample = new Map<BaselineMetric, number>();
  private readonly hourOf: (ms: number) => number;

  constructor(hourOf: (ms: number) => number = (ms) => new Date(ms).getHours()) {
    this.hourOf = hourOf;
  }

  private slot(metric: BaselineMetric, now: number): BaselineCell {
    let list = this.cells.get(metric);
    if (!list) {
      list = emptyCells();
      this.cells.set(metric, list);
    }
    return list[this.hourOf(now)]!;
  }

  /** The learned cell for this metric at this hour (a copy), or null before BASELINE_MIN_SAMPLES. */
  judgeable(metric: BaselineMetric, now: number): BaselineCell | null {
    const c = this.cells.get(metric)?.[this.hourOf(now)];
    return c && c.count >= BASELINE_MIN_SAMPLES ? { ...c } : null;
  }

  /** Learn one value (at most once per BASELINE_SAMPLE_MS per metric). */
  learn(metric: BaselineMetric, value: number, now: number): void {
    if (!Number.isFinite(value)) return;
    const last = this.lastSample.get(metric);
    if (last !== undefined && now - last < BASELINE_SAMPLE_MS && now >= last) return;
    this.lastSample.set(metric, now);
    const c = this.slot(metric, now);
    c.count++;
    const d = value - c.mean;
    c.mean += d / c.count;
    c.m2 += d * (value - c.mean);
  }

  export(): BaselineData {
    const metrics: BaselineData['metrics'] = {};
    for (const [m, list] of this.cells) metrics[m] = list.map((c) => ({ ...c }));
    return { version: 1, metrics };
  }

  /** Replace the learned cells with stored ones; malformed input is ignored cell by cell. */
  import(data: unknown): void {
    if (!data || typeof data !== 'object' || (data as BaselineData).version !== 1) return;
    const metrics = (data as BaselineData).metrics ?? {};
    for (const m of BASELINE_METRICS) {
      const list = metrics[m];
      if (!Array.isArray(list) || list.length !== 24) continue;
      const cells = emptyCells();
      list.forEach((c, i) => {
        if (
          c &&
          Number.isInteger(c.count) &&
          c.count >= 0 &&
          Number.isFinite(c.mean) &&
          Number.isFinite(c.m2) &&
          c.m2 >= 0
        ) {
          cells[i] = { count: c.count, mean: c.mean, m2: c.m2 };
        }
      });
      this.cells.set(m, cells);
    }
  }
}
