// oom_kill: the kernel OOM killer acted (an `oom` kernel event from the kernel log or journal).
// An event has no "condition" to resolve: the alert stays firing OOM_HOLD_MS, then resolves.
import { formatBytes } from '../core/format.ts';
import { oomLog } from './command.ts';
import type { Rule } from './types.ts';

export const OOM_HOLD_MS = 5 * 60_000;
export const OOM_MAX_REMEMBERED = 100;

export const rule: Rule = {
  id: 'oom_kill',
  evaluate(ctx) {
    return ctx.recentOoms.flatMap((e) => {
      const o = e.oom;
      if (!o) return [];
      return [
        {
          rule: 'oom_kill' as const,
          severity: 'critical' as const,
          key: `oom_kill:${o.pid}:${e.time}`,
          message: ctx.t('rules.oom_kill', {
            name: o.name,
            pid: o.pid,
            rss: o.rssBytes === null ? '?' : formatBytes(o.rssBytes),
            cgroup: o.cgroup ? ctx.t('rules.oom_kill.cgroup', { cgroup: o.cgroup }) : '',
          }),
          subject: { pids: [o.pid], cmdline: o.name },
          suggestedCommand: oomLog(),
          details: { victim: o, loggedAt: new Date(e.time).toISOString(), source: e.source },
        },
      ];
    });
  },
};
