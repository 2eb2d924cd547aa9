// load_high: load1 above cpu_load_factor × cores for load_for_secs.
import { explainPid } from './command.ts';
import type { Rule } from './types.ts';
import { shortCmd, topBy } from './util.ts';

/** A firing load_high stays firing until load1 falls under this share of the limit. */
export const LOAD_CLEAR_RATIO = 0.9;

export const rule: Rule = {
  id: 'load_high',
  evaluate(ctx) {
    const cpu = ctx.snapshot.cpu;
    const th = ctx.config.thresholds;
    if (cpu.cores <= 0) return [];
    const limit = th.cpu_load_factor * cpu.cores;
    const key = 'load_high';
    if (cpu.load1 <= (ctx.firing(key) ? limit * LOAD_CLEAR_RATIO : limit)) return [];
    const top = topBy(ctx.snapshot.processes, (p) => p.cpuPercent ?? 0);
    return [
      {
        rule: 'load_high',
        severity: 'high',
        key,
        message: ctx.t('rules.load_high', {
          load: cpu.load1.toFixed(2),
          limit: limit.toFixed(1),
          factor: th.cpu_load_factor,
          cores: cpu.cores,
          secs: th.load_for_secs,
          top: top ? `${shortCmd(top, 60)} (pid ${top.pid})` : '-',
        }),
        // System-wide: no process is *the* subject; the biggest one is a lead, in details.
        subject: { pids: [] },
        suggestedCommand: explainPid(top?.pid),
        forSecs: th.load_for_secs,
        details: { load1: cpu.load1, limit, topPid: top?.pid ?? null },
      },
    ];
  },
};
