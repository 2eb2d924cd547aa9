const BARS = '▁▂▃▄▅▆▇█';

/**
 * One character per value, scaled between `min` (default: the series minimum, or 0 for
 * percentages) and `max`; a gap (no sample) is a space.
 */
export function sparkline(values: (number | null)[], opts: { min?: number; max?: number } = {}): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!present.length) return ' '.repeat(values.length);
  const lo = opts.min ?? Math.min(...present);
  const hi = opts.max ?? Math.max(...present);
  const span = hi - lo;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      const f = span > 0 ? (Math.min(hi, Math.max(lo, v)) - lo) / span : 0;
      return BARS[Math.min(BARS.length - 1, Math.round(f * (BARS.length - 1)))];
    })
    .join('');
}

/**
 * Fold a time series into `n` equal buckets over [from, to]: the mean per bucket (or the max with
 * `peak`), null where no sample falls.
 */
export function bucketize(
  points: { time: number; value: number | null }[],
  from: number,
  to: number,
  n: number,
  peak = false,
): (number | null)[] {
  const sums = new Array<number>(n).fill(0);
  const counts = new Array<number>(n).fill(0);
  const maxes = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  const width = Math.max(1, (to - from) / n);
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value) || p.time < from || p.time > to) continue;
    const i = Math.min(n - 1, Math.floor((p.time - from) / width));
    sums[i]! += p.value;
    counts[i]!++;
    if (p.value > maxes[i]!) maxes[i] = p.value;
  }
  return counts.map((c, i) => (c ? (peak ? maxes[i]! : sums[i]! / c) : null));
}
