// disk_low: a real filesystem under disk_min_free_percent free (critical under
// disk_critical_free_percent), or its inodes likewise.
import { formatBytes } from '../core/format.ts';
import type { Finding } from '../core/types.ts';
import { duMount } from './command.ts';
import type { Rule } from './types.ts';
import { isRealFs, pct } from './util.ts';

/** A firing disk_low clears once free space is this many points above the threshold. */
export const DISK_HYSTERESIS_POINTS = 1;

export const rule: Rule = {
  id: 'disk_low',
  evaluate(ctx) {
    const th = ctx.config.thresholds;
    const out: Finding[] = [];
    for (const d of ctx.snapshot.disks) {
      if (!isRealFs(d.fsType, d.totalBytes)) continue;
      for (const kind of ['space', 'inodes'] as const) {
        const free = kind === 'space' ? d.freePercent : d.inodesFreePercent;
        if (free === null) continue;
        const key = `disk_low:${kind}:${d.mount}`;
        const limit = th.disk_min_free_percent + (ctx.firing(key) ? DISK_HYSTERESIS_POINTS : 0);
        if (free >= limit) continue;
        out.push({
          rule: 'disk_low',
          severity: free < th.disk_critical_free_percent ? 'critical' : 'high',
          key,
          message:
            kind === 'space'
              ? ctx.t('rules.disk_low', {
                  mount: d.mount,
                  free: formatBytes(d.freeBytes),
                  percent: pct(free),
                })
              : ctx.t('rules.disk_low_inodes', { mount: d.mount, percent: pct(free) }),
          subject: { pids: [], mount: d.mount, device: d.device },
          suggestedCommand: duMount(d.mount),
          details: { kind, freePercent: free },
        });
      }
    }
    return out;
  },
};
