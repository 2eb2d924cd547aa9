// duplicate_processes: more than max_duplicate_processes processes with the same normalised
// command line. Worker pools under a live master of the same program are left out (groups.ts);
// which copies count (services, sessions, a user's processes) is belonging.ts's; a group that is
// a ghost_process_storm is reported once, as the storm.
import { formatBytes } from '../core/format.ts';
import type { Finding } from '../core/types.ts';
import { countsAsDuplicate } from './belonging.ts';
import { killPids } from './command.ts';
import { stormOf, whereOf } from './ghost_process_storm.ts';
import { DUPLICATE_FOR_TICKS } from './groups.ts';
import type { Rule } from './types.ts';
import { pidList, shortCmd } from './util.ts';

export const rule: Rule = {
  id: 'duplicate_processes',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const g of ctx.groups()) {
      // Hysteresis: a firing alert holds while at least max copies remain.
      const max =
        ctx.config.thresholds.max_duplicate_processes - (ctx.firing(`duplicate_processes:${g.key}`) ? 1 : 0);
      if (g.members.length <= max) continue;
      const members = g.members.filter((p) => countsAsDuplicate(p, ctx));
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
          where: whereOf(g, ctx),
          ram: formatBytes(rssBytes),
          pids: pidList(pids),
        }),
        subject: { pids, cmdline: members[0]!.cmdline },
        // The oldest copy is usually the one in use: suggest stopping the newer ones.
        suggestedCommand: killPids(members.slice(1).map((p) => p.pid)),
        forSecs: DUPLICATE_FOR_TICKS * ctx.config.general.interval_secs,
        details: { normalized: g.key, container: g.container, rssBytes, oldestPid: members[0]!.pid },
      });
    }
    return out;
  },
};
