// zombie: processes in state Z for more than zombie_timeout_secs, one alert per parent (the
// subject names the parent first, then its zombies). A zombie cannot be killed; its parent must
// reap it, so the suggestion asks the parent with SIGCHLD.
import type { Finding } from '../core/types.ts';
import { killPids } from './command.ts';
import type { Rule } from './types.ts';
import { pidList } from './util.ts';

export const rule: Rule = {
  id: 'zombie',
  evaluate(ctx) {
    const timeoutMs = ctx.config.thresholds.zombie_timeout_secs * 1000;
    const byParent = new Map<number, number[]>();
    for (const p of ctx.snapshot.processes) {
      if (p.state !== 'Z') continue;
      const since = ctx.zombieSince.get(`${p.pid}:${p.startTicks}`);
      if (since === undefined || ctx.now - since < timeoutMs) continue;
      const parent = ctx.byPid.get(p.ppid);
      if (parent && ctx.ignored(parent)) continue;
      const list = byParent.get(p.ppid);
      if (list) list.push(p.pid);
      else byParent.set(p.ppid, [p.pid]);
    }
    const out: Finding[] = [];
    for (const [ppid, zombies] of byParent) {
      zombies.sort((a, b) => a - b);
      const parent = ctx.byPid.get(ppid);
      out.push({
        rule: 'zombie',
        severity: 'medium',
        key: `zombie:${ppid}:${parent?.startTicks ?? 0}`,
        message: ctx.t('rules.zombie', {
          count: zombies.length,
          parent: parent?.name ?? '?',
          ppid,
          secs: ctx.config.thresholds.zombie_timeout_secs,
          pids: pidList(zombies),
        }),
        subject: { pids: [ppid, ...zombies], ...(parent?.cmdline ? { cmdline: parent.cmdline } : {}) },
        suggestedCommand: ppid > 1 ? killPids([ppid], 'CHLD') : null,
        details: { parentPid: ppid, zombies },
      });
    }
    return out;
  },
};
