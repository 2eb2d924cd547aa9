// swap_high: swap used above swap_warn_percent.
import { formatBytes } from '../core/format.ts';
import { explainPid } from './command.ts';
import type { Rule } from './types.ts';
import { pct, percent, topBy } from './util.ts';

export const SWAP_HYSTERESIS_POINTS = 5;

export const rule: Rule = {
  id: 'swap_high',
  evaluate(ctx) {
    const m = ctx.snapshot.memory;
    if (m.swapTotalBytes <= 0) return [];
    const used = percent(m.swapUsedBytes, m.swapTotalBytes);
    const key = 'swap_high';
    const warn = ctx.config.thresholds.swap_warn_percent;
    if (used <= (ctx.firing(key) ? warn - SWAP_HYSTERESIS_POINTS : warn)) return [];
    const top = topBy(ctx.snapshot.processes, (p) => p.rssBytes);
    return [
      {
        rule: 'swap_high',
        severity: 'high',
        key,
        message: ctx.t('rules.swap_high', {
          percent: pct(used),
          used: formatBytes(m.swapUsedBytes),
          total: formatBytes(m.swapTotalBytes),
        }),
        // System-wide: no process is *the* subject; the biggest one is a lead, in details.
        subject: { pids: [] },
        suggestedCommand: explainPid(top?.pid),
        details: { usedPercent: used, topPid: top?.pid ?? null },
      },
    ];
  },
};
