// OOM foresight: when memory headroom (available RAM + free swap) shrinks steadily, in how long it
// runs out at that rate — so the user acts before the kernel's OOM killer does (the victim it
// would pick is the collector's: src/collectors/oom-score.ts). A trend needs two minutes of
// samples that fit a line (r² ≥ 0.6) and a fall of at least 1 % of RAM; otherwise no claim.
import type { OomForesight } from '../core/types.ts';
import { fillEtaSecs, type Series } from './trend.ts';

export const OOM_TREND_MIN_SPAN_MS = 120_000;
export const OOM_TREND_MIN_R2 = 0.6;
/** The headroom must have fallen by this share of total RAM over the series. */
export const OOM_TREND_MIN_FALL = 0.01;

/** The trend part of the foresight (the victim comes with the snapshot). */
export function oomTrend(
  headroom: Series,
  totalBytes: number,
): Pick<OomForesight, 'trendBytesPerSec' | 'timeToOomSecs'> {
  const none = { trendBytesPerSec: null, timeToOomSecs: null };
  const n = headroom.t.length;
  if (n < 4 || totalBytes <= 0) return none;
  if (headroom.t[n - 1]! - headroom.t[0]! < OOM_TREND_MIN_SPAN_MS) return none;
  const fell = headroom.v[0]! - headroom.v[n - 1]!;
  if (fell < totalBytes * OOM_TREND_MIN_FALL) return none;
  const eta = fillEtaSecs(headroom);
  if (!eta || eta.r2 < OOM_TREND_MIN_R2) return none;
  return { trendBytesPerSec: eta.slopePerSec, timeToOomSecs: Math.round(eta.etaSecs) };
}
