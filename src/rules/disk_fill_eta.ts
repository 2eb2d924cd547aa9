// disk_fill_eta: a real filesystem predicted full within DISK_FILL_HORIZON_SECS by the linear
// trend of its free space over the last hour (needs DISK_TREND_MIN_SPAN_MS of history).
import { formatBytes, formatDuration } from '../core/format.ts';
import type { Finding } from '../core/types.ts';
import { duMount } from './command.ts';
import { DISK_TREND_MIN_SPAN_MS, fillEtaSecs } from './trend.ts';
import type { Rule } from './types.ts';
import { isRealFs } from './util.ts';

export const DISK_FILL_HORIZON_SECS = 24 * 3600;
/** The fit must explain the data this well (r²) to be trusted. */
export const DISK_FILL_MIN_R2 = 0.6;
/** And the free space must have shrunk by at least this share of the filesystem. */
export const DISK_FILL_MIN_DROP_PERCENT = 0.5;

export const rule: Rule = {
  id: 'disk_fill_eta',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const d of ctx.snapshot.disks) {
      if (!isRealFs(d.fsType, d.totalBytes)) continue;
      const series = ctx.disks.get(d.mount);
      const n = series.t.length;
      if (n < 5) continue;
      const span = series.t[n - 1]! - series.t[0]!;
      if (span < DISK_TREND_MIN_SPAN_MS) continue;
      const est = fillEtaSecs(series);
      if (!est || est.r2 < DISK_FILL_MIN_R2) continue;
      const dropped = -est.slopePerSec * (span / 1000);
      if (dropped < (d.totalBytes * DISK_FILL_MIN_DROP_PERCENT) / 100) continue;
      const key = `disk_fill_eta:${d.mount}`;
      const horizon = DISK_FILL_HORIZON_SECS * (ctx.firing(key) ? 1.25 : 1);
      if (est.etaSecs > horizon) continue;
      out.push({
        rule: 'disk_fill_eta',
        severity: 'medium',
        key,
        message: ctx.t('rules.disk_fill_eta', {
          mount: d.mount,
          eta: formatDuration(Math.round(est.etaSecs)),
          rate: formatBytes(-est.slopePerSec * 3600),
        }),
        subject: { pids: [], mount: d.mount, device: d.device },
        suggestedCommand: duMount(d.mount),
        details: { etaSecs: Math.round(est.etaSecs), bytesPerSec: est.slopePerSec, r2: est.r2 },
      });
    }
    return out;
  },
};
