// Trend helpers: per-process RSS series for memory_leak, per-mount free-space series for
// disk_fill_eta, and the pure maths (least squares, near-monotonic growth) behind them.
import type { DiskSnapshot, ProcessSnapshot } from '../core/types.ts';

/**
 * A time series as two parallel arrays of plain numbers (times in ms, values), oldest first.
 * Not an array of {t, v} objects: the RSS series of every process is kept for the whole leak
 * window, and numbers in an array cost 8 bytes where a point object costs ~70.
 */
export interface Series {
  readonly t: readonly number[];
  readonly v: readonly number[];
}

/** A series from (t, v) pairs (tests, callers that build one by hand). */
export function seriesOf(points: readonly { t: number; v: number }[]): Series {
  return { t: points.map((p) => p.t), v: points.map((p) => p.v) };
}

/** Least-squares slope (units per ms) and r² of a series; null under 2 distinct times. */
export function linearFit(series: Series): { slope: number; intercept: number; r2: number } | null {
  const { t, v } = series;
  const n = t.length;
  if (n < 2) return null;
  let st = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    st += t[i]!;
    sv += v[i]!;
  }
  const mt = st / n;
  const mv = sv / n;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    const dt = t[i]! - mt;
    const dv = v[i]! - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  if (stt === 0) return null;
  const slope = stv / stt;
  const r2 = svv === 0 ? 1 : (stv * stv) / (stt * svv);
  return { slope, intercept: mv - slope * mt, r2 };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface GrowthVerdict {
  /** Net growth (median of the last three points minus median of the first three). */
  growth: number;
  /** Least-squares slope in units per second. */
  slopePerSec: number;
  /** Rises / (rises + falls): 1 for strictly monotonic growth. */
  monotonicity: number;
  /** Falls larger than 10% of the series' range (a GC, a cache flush). */
  bigDrops: number;
  /** Near-monotonic growth: mostly rising, at most one big drop, positive slope. */
  nearMonotonic: boolean;
}

export const LEAK_MIN_MONOTONICITY = 0.7;
export const LEAK_MAX_BIG_DROPS = 1;

/**
 * Judge whether a series grows near-monotonically: small noise in both directions is tolerated
 * (it only lowers the rises/falls ratio a little) and so is one large drop (a GC pass).
 */
export function growthVerdict(series: Series): GrowthVerdict | null {
  if (series.t.length < 4) return null;
  const fit = linearFit(series);
  if (!fit) return null;
  const values = series.v;
  const k = Math.min(3, Math.floor(values.length / 2));
  const growth = median(values.slice(-k)) - median(values.slice(0, k));
  const range = Math.max(...values) - Math.min(...values);
  let rises = 0;
  let falls = 0;
  let bigDrops = 0;
  for (let i = 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d > 0) rises += d;
    else if (d < 0) {
      falls -= d;
      if (-d > 0.1 * range) bigDrops++;
    }
  }
  const monotonicity = rises + falls === 0 ? 0 : rises / (rises + falls);
  const slopePerSec = fit.slope * 1000;
  return {
    growth,
    slopePerSec,
    monotonicity,
    bigDrops,
    nearMonotonic:
      growth > 0 &&
      slopePerSec > 0 &&
      monotonicity >= LEAK_MIN_MONOTONICITY &&
      bigDrops <= LEAK_MAX_BIG_DROPS,
  };
}

/** The window is cut into this many sub-intervals to tell a leak from one allocation. */
export const LEAK_SUB_INTERVALS = 6;
/** A leak grows in at least this many of them… */
export const LEAK_MIN_GROWING_SUB_INTERVALS = 4;
/** …each by at least this share of an even split of the minimum growth. */
export const LEAK_SUB_INTERVAL_SHARE = 0.25;

export interface SustainedGrowth {
  /** Sub-intervals whose value rose by at least the step. */
  growing: number;
  parts: number;
  /** The last sub-interval rose too: it is still growing now. */
  growingAtEnd: boolean;
  sustained: boolean;
}

/** The value at time `t`: the last point at or before it (the series is oldest first). */
function valueAt(series: Series, t: number): number {
  const { t: ts, v } = series;
  let lo = 0;
  let hi = ts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return v[lo]!;
}

/**
 * Whether growth is sustained: over `parts` equal sub-intervals of the series' span, most rise by
 * at least `step`, and so does the last one. A process that allocated once (at start-up) and then
 * stayed flat rises in one sub-interval; a leak rises in all of them, a GC'd one in most.
 */
export function sustainedGrowth(
  series: Series,
  step: number,
  parts = LEAK_SUB_INTERVALS,
  minGrowing = LEAK_MIN_GROWING_SUB_INTERVALS,
): SustainedGrowth {
  const n = series.t.length;
  const none = { growing: 0, parts, growingAtEnd: false, sustained: false };
  if (n < 2) return none;
  const t0 = series.t[0]!;
  const span = series.t[n - 1]! - t0;
  if (span <= 0) return none;
  let growing = 0;
  let last = false;
  let prev = valueAt(series, t0);
  for (let i = 1; i <= parts; i++) {
    const v = i === parts ? series.v[n - 1]! : valueAt(series, t0 + (span * i) / parts);
    const up = v - prev >= step && v > prev;
    if (up) growing++;
    if (i === parts) last = up;
    prev = v;
  }
  return { growing, parts, growingAtEnd: last, sustained: growing >= minGrowing && last };
}

/** Seconds until `free` reaches 0 at the fitted rate; null when not shrinking. */
export function fillEtaSecs(series: Series): { etaSecs: number; slopePerSec: number; r2: number } | null {
  const fit = linearFit(series);
  if (!fit || fit.slope >= 0) return null;
  const n = series.t.length;
  const predictedNow = fit.intercept + fit.slope * series.t[n - 1]!;
  const free = Math.min(series.v[n - 1]!, predictedNow);
  return { etaSecs: Math.max(0, free / -fit.slope / 1000), slopePerSec: fit.slope * 1000, r2: fit.r2 };
}

/** A series kept at a bounded resolution over a sliding window. */
class WindowSeries implements Series {
  readonly t: number[] = [];
  readonly v: number[] = [];
  add(t: number, v: number, windowMs: number, maxPoints: number): void {
    const n = this.t.length;
    // The last slot is live (always the newest value); a new slot opens once `spacing` has passed
    // since the slot before it, so the series keeps a bounded resolution at any tick rate.
    if (n >= 2 && t - this.t[n - 2]! < windowMs / maxPoints) {
      this.t[n - 1] = t;
      this.v[n - 1] = v;
      return;
    }
    this.t.push(t);
    this.v.push(v);
    // Keep one point just older than the window so a full window can be judged.
    while (this.t.length > 2 && this.t[1]! <= t - windowMs) {
      this.t.shift();
      this.v.shift();
    }
    const extra = this.t.length - maxPoints * 2;
    if (extra > 0) {
      this.t.splice(0, extra);
      this.v.splice(0, extra);
    }
  }
}

const EMPTY: Series = { t: [], v: [] };

export const RSS_POINTS_PER_WINDOW = 60;

interface ProcessSeries {
  startTicks: number;
  /** The last update that saw this process. */
  seen: number;
  series: WindowSeries;
}

/** RSS series per process (pid + start time), bounded; processes that are gone are dropped. */
export class RssSeries {
  private series = new Map<number, ProcessSeries>();
  private updates = 0;
  get size(): number {
    return this.series.size;
  }
  update(processes: readonly ProcessSnapshot[], now: number, windowMs: number): void {
    const stamp = ++this.updates;
    for (const p of processes) {
      if (p.kernelThread || p.state === 'Z') continue;
      let s = this.series.get(p.pid);
      // A reused pid (another start time) is another process: its series starts afresh.
      if (!s || s.startTicks !== p.startTicks) {
        s = { startTicks: p.startTicks, seen: stamp, series: new WindowSeries() };
        this.series.set(p.pid, s);
      }
      s.seen = stamp;
      s.series.add(now, p.rssBytes, windowMs, RSS_POINTS_PER_WINDOW);
    }
    // forEach, not for…of: no entry arrays per process per tick.
    this.series.forEach((s, pid) => {
      if (s.seen !== stamp) this.series.delete(pid);
    });
  }
  get(p: ProcessSnapshot): Series {
    const s = this.series.get(p.pid);
    return s && s.startTicks === p.startTicks ? s.series : EMPTY;
  }
}

/** How far back disk_fill_eta looks, and how much history it needs before predicting. */
export const DISK_TREND_WINDOW_MS = 3_600_000;
export const DISK_TREND_MIN_SPAN_MS = 600_000;
export const DISK_POINTS_PER_WINDOW = 120;

/** Free bytes per mount over the last hour. */
export class DiskSeries {
  private series = new Map<string, WindowSeries>();
  update(disks: readonly DiskSnapshot[], now: number): void {
    const seen = new Set<string>();
    for (const d of disks) {
      seen.add(d.mount);
      let s = this.series.get(d.mount);
      if (!s) {
        s = new WindowSeries();
        this.series.set(d.mount, s);
      }
      s.add(now, d.freeBytes, DISK_TREND_WINDOW_MS, DISK_POINTS_PER_WINDOW);
    }
    for (const key of this.series.keys()) if (!seen.has(key)) this.series.delete(key);
  }
  get(mount: string): Series {
    return this.series.get(mount) ?? EMPTY;
  }
}

/** How far back the memory headroom trend looks (time to OOM). */
export const HEADROOM_WINDOW_MS = 600_000;
export const HEADROOM_POINTS_PER_WINDOW = 60;

/** Memory headroom (available RAM + free swap) over the last ten minutes. */
export class HeadroomSeries {
  private readonly series = new WindowSeries();
  update(m: { availableBytes: number; swapTotalBytes: number; swapUsedBytes: number }, now: number): void {
    const headroom = m.availableBytes + Math.max(0, m.swapTotalBytes - m.swapUsedBytes);
    this.series.add(now, headroom, HEADROOM_WINDOW_MS, HEADROOM_POINTS_PER_WINDOW);
  }
  get(): Series {
    return this.series;
  }
}
