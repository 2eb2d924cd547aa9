// memory_leak: a process's RSS grows near-monotonically over leak_window_secs by more than
// leak_min_growth_mb (see growthVerdict in trend.ts: noise and one GC drop are tolerated), and
// the growth is sustained: it rose in most of the window's sub-intervals and still rises at the
// end (sustainedGrowth), so a process that allocated once at start-up is not a leak.
import { formatBytes, formatDuration } from '../core/format.ts';
import type { Finding } from '../core/types.ts';
import { killPids } from './command.ts';
import { growthVerdict, LEAK_SUB_INTERVAL_SHARE, LEAK_SUB_INTERVALS, sustainedGrowth } from './trend.ts';
import type { Rule } from './types.ts';
import { shortCmd } from './util.ts';

/** The series must cover this share of leak_window_secs before it is judged. */
export const LEAK_MIN_COVERAGE = 0.9;
/** A firing memory_leak stays firing while growth stays above this share of the minimum. */
export const LEAK_CLEAR_RATIO = 0.5;

const MB = 1024 * 1024;

export const rule: Rule = {
  id: 'memory_leak',
  evaluate(ctx) {
    const th = ctx.config.thresholds;
    const windowMs = th.leak_window_secs * 1000;
    const minGrowth = th.leak_min_growth_mb * MB;
    const out: Finding[] = [];
    for (const p of ctx.snapshot.processes) {
      if (p.kernelThread || p.state === 'Z') continue;
      const series = ctx.rss.get(p);
      const n = series.t.length;
      if (n < 4) continue;
      const span = series.t[n - 1]! - series.t[0]!;
      if (span < windowMs * LEAK_MIN_COVERAGE) continue;
      // Cheap pre-checks before the full verdict: under half the lower (clearing) minimum nothing
      // can fire or hold, whatever the alert's state.
      const rise = series.v[n - 1]! - series.v[0]!;
      if (rise < Math.min(minGrowth, minGrowth * LEAK_CLEAR_RATIO) * 0.5) continue;
      const key = `memory_leak:${p.pid}:${p.startTicks}`;
      const min = minGrowth * (ctx.firing(key) ? LEAK_CLEAR_RATIO : 1);
      if (rise < min * 0.5) continue;
      const v = growthVerdict(series);
      if (!v?.nearMonotonic || v.growth < min) continue;
      const firing = ctx.firing(key);
      const sustained = sustainedGrowth(series, (min / LEAK_SUB_INTERVALS) * LEAK_SUB_INTERVAL_SHARE);
      // A firing leak holds through a GC pause at the end while most of the window still grew.
      if (!(sustained.sustained || (firing && sustained.growing * 2 >= sustained.parts))) continue;
      if (ctx.ignored(p)) continue;
      out.push({
        rule: 'memory_leak',
        severity: 'medium',
        key,
        message: ctx.t('rules.memory_leak', {
          cmd: shortCmd(p, 80),
          pid: p.pid,
          growth: formatBytes(v.growth),
          window: formatDuration(Math.round(span / 1000)),
          rate: formatBytes(v.slopePerSec * 60),
          rss: formatBytes(p.rssBytes),
        }),
        subject: { pids: [p.pid], cmdline: p.cmdline },
        suggestedCommand: killPids([p.pid]),
        details: {
          growthBytes: v.growth,
          bytesPerSec: v.slopePerSec,
          monotonicity: v.monotonicity,
          bigDrops: v.bigDrops,
          growingSubIntervals: sustained.growing,
          subIntervals: sustained.parts,
        },
      });
    }
    return out;
  },
};
