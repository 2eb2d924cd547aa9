// duplicate_processes: more than max_duplicate_processes processes with the same normalised
// command line. Worker pools under a live master of the same program are left out (groups.ts),
// and so are session leaders (login shells, terminal tabs, setsid daemons) and services started
// by init, unless they are orphans; a group that is a ghost_process_storm is reported once, as
// the storm.
import { formatBytes } from '../core/format.ts';
import type { Finding, ProcessSnapshot } from '../core/types.ts';
import { isOrphan, type Lineage } from '../engine/lineage.ts';
import { killSubject } from './command.ts';
import { stormOf } from './ghost_process_storm.ts';
import { DUPLICATE_FOR_TICKS } from './groups.ts';
import type { Rule } from './types.ts';
import { pidList, shortCmd } from './util.ts';

/** Whether a process counts as a duplicate copy (not a session or a service of init). */
export function countsAsDuplicate(p: ProcessSnapshot, lineage: Lineage): boolean {
  if (p.sid !== p.pid && p.ppid !== 1) return true;
  return isOrphan(p, lineage.of(p), (pid) => lineage.hasLive(pid));
}

export const rule: Rule = {
  id: 'duplicate_processes',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const g of ctx.groups()) {
      // Hysteresis: a firing alert holds while at least max copies remain.
      const max =
        ctx.config.thresholds.max_duplicate_processes - (ctx.firing(`duplicate_processes:${g.key}`) ? 1 : 0);
      if (g.members.length <= max) continue;
      const members = g.members.filter((p) => countsAsDuplicate(p, ctx.lineage));
      if (members.length <= max) continue;
      if (stormOf(g, ctx)) continue;
      const rssBytes = members.reduce((s, p) => s + p.rssBytes, 0);
      const pids = members.map((p) => p.pid).sort((a, b) => a - b);
      out.push({
        rule: 'duplicate_processes',
        severity: 'medium',
        key: `duplicate_processes:${g.key}`,
        message: ctx.t('rules.duplicate_processes', {
          count: members.length,
          cmd: shortCmd(members[0]!, 80),
          ram: formatBytes(rssBytes),
          pids: pidList(pids),
        }),
        subject: { pids, cmdline: members[0]!.cmdline },
        // The oldest copy is usually the one in use: suggest stopping the newer ones.
        suggestedCommand: killSubject(members.slice(1), ctx.snapshot.processes),
        forSecs: DUPLICATE_FOR_TICKS * ctx.config.general.interval_secs,
        details: { normalized: g.key, rssBytes, oldestPid: members[0]!.pid },
      });
    }
    return out;
  },
};
