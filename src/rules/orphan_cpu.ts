// orphan_cpu: an orphan (see isOrphan in src/engine/lineage.ts; a systemd service never is one)
// using more than orphan_min_cpu_percent of a core.
import type { Finding } from '../core/types.ts';
import { orphaned } from './belonging.ts';
import { killPids } from './command.ts';
import type { Rule } from './types.ts';
import { pct, shortCmd } from './util.ts';

/** A firing orphan_cpu stays firing down to this share of orphan_min_cpu_percent. */
export const ORPHAN_CPU_CLEAR_RATIO = 0.5;
/** It must stay busy this many sampling intervals (a start-up burst is not trouble). */
export const ORPHAN_CPU_FOR_TICKS = 3;

export const rule: Rule = {
  id: 'orphan_cpu',
  evaluate(ctx) {
    const out: Finding[] = [];
    const fire = ctx.config.thresholds.orphan_min_cpu_percent;
    const clear = fire * ORPHAN_CPU_CLEAR_RATIO;
    for (const p of ctx.snapshot.processes) {
      // Under the lower (clearing) limit nothing can fire or hold: skip before building the key.
      // CPU > 0 is what "more than 0 %" means: an orphan at the threshold does not fire.
      if (p.cpuPercent === null || p.cpuPercent <= clear) continue;
      const key = `orphan_cpu:${p.pid}:${p.startTicks}`;
      if (p.cpuPercent <= (ctx.firing(key) ? clear : fire)) continue;
      const entry = ctx.lineage.of(p);
      if (!orphaned(p, ctx) || ctx.ignored(p)) continue;
      // First seen under init already: its real parent died before Vigil saw it.
      const first = entry?.ancestors[0];
      const parent = first && first.pid > 1 ? first : undefined;
      const params = { cmd: shortCmd(p, 80), pid: p.pid, cpu: pct(p.cpuPercent) };
      out.push({
        rule: 'orphan_cpu',
        severity: 'medium',
        key,
        message: parent
          ? ctx.t('rules.orphan_cpu', {
              ...params,
              parent: parent.name ? `${parent.name} (pid ${parent.pid})` : `pid ${parent.pid}`,
            })
          : ctx.t('rules.orphan_cpu.adopted', params),
        subject: { pids: [p.pid], cmdline: p.cmdline },
        suggestedCommand: killPids([p.pid]),
        forSecs: ORPHAN_CPU_FOR_TICKS * ctx.config.general.interval_secs,
        details: { cpuPercent: p.cpuPercent, originalParent: parent ?? null },
      });
    }
    return out;
  },
};
