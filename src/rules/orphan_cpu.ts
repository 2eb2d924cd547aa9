// orphan_cpu: an orphan (see isOrphan in src/engine/lineage.ts) using CPU.
import type { Finding } from '../core/types.ts';
import { isOrphan } from '../engine/lineage.ts';
import { killPids } from './command.ts';
import type { Rule } from './types.ts';
import { pct, shortCmd } from './util.ts';

/** CPU (% of one core over the last interval) an orphan must use to fire, and to stay firing. */
export const ORPHAN_CPU_PERCENT = 10;
export const ORPHAN_CPU_CLEAR_PERCENT = 5;
/** It must stay busy this many sampling intervals (a start-up burst is not trouble). */
export const ORPHAN_CPU_FOR_TICKS = 3;

export const rule: Rule = {
  id: 'orphan_cpu',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.snapshot.processes) {
      // Under the lower (clearing) limit nothing can fire or hold: skip before building the key.
      if (p.cpuPercent === null || p.cpuPercent < ORPHAN_CPU_CLEAR_PERCENT) continue;
      const key = `orphan_cpu:${p.pid}:${p.startTicks}`;
      const limit = ctx.firing(key) ? ORPHAN_CPU_CLEAR_PERCENT : ORPHAN_CPU_PERCENT;
      if (p.cpuPercent < limit) continue;
      const entry = ctx.lineage.of(p);
      if (!isOrphan(p, entry, (pid) => ctx.lineage.hasLive(pid)) || ctx.ignored(p)) continue;
      const parent = entry?.ancestors[0];
      out.push({
        rule: 'orphan_cpu',
        severity: 'medium',
        key,
        message: ctx.t('rules.orphan_cpu', {
          cmd: shortCmd(p, 80),
          pid: p.pid,
          cpu: pct(p.cpuPercent),
          parent: parent?.name
            ? `${parent.name} (pid ${parent.pid})`
            : `pid ${entry?.originalPpid ?? p.ppid}`,
        }),
        subject: { pids: [p.pid], cmdline: p.cmdline },
        suggestedCommand: killPids([p.pid]),
        forSecs: ORPHAN_CPU_FOR_TICKS * ctx.config.general.interval_secs,
        details: { cpuPercent: p.cpuPercent, originalParent: parent ?? null },
      });
    }
    return out;
  },
};
