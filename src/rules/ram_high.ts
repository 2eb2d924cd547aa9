// ram_high: used RAM above ram_warn_percent for ram_for_secs (critical above ram_critical_percent).
import { formatBytes } from '../core/format.ts';
import type { Finding } from '../core/types.ts';
import { explainPid } from './command.ts';
import type { Rule } from './types.ts';
import { pct, percent, shortCmd, topBy } from './util.ts';

/** A firing ram_high stays firing until usage drops this many points under the warn threshold. */
export const RAM_HYSTERESIS_POINTS = 5;

export const rule: Rule = {
  id: 'ram_high',
  evaluate(ctx) {
    const m = ctx.snapshot.memory;
    const th = ctx.config.thresholds;
    if (m.totalBytes <= 0) return [];
    const used = percent(m.usedBytes, m.totalBytes);
    const key = 'ram_high';
    const limit = ctx.firing(key) ? th.ram_warn_percent - RAM_HYSTERESIS_POINTS : th.ram_warn_percent;
    if (used <= limit) return [];
    const top = topBy(ctx.snapshot.processes, (p) => p.rssBytes);
    const f: Finding = {
      rule: 'ram_high',
      severity: used > th.ram_critical_percent ? 'critical' : 'high',
      key,
      message: ctx.t('rules.ram_high', {
        percent: pct(used),
        used: formatBytes(m.usedBytes),
        total: formatBytes(m.totalBytes),
        secs: th.ram_for_secs,
        top: top ? `${shortCmd(top, 60)} (pid ${top.pid}, ${formatBytes(top.rssBytes)})` : '-',
      }),
      // System-wide: no process is *the* subject; the biggest one is a lead, in details.
      subject: { pids: [] },
      suggestedCommand: explainPid(top?.pid),
      forSecs: th.ram_for_secs,
      details: { usedPercent: used, topPid: top?.pid ?? null },
    };
    return [f];
  },
};
