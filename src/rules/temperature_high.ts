// temperature_high: CPU temperature over temperature_cpu_max, or a GPU's over temperature_gpu_max.
import type { Finding } from '../core/types.ts';
import { explainPid } from './command.ts';
import type { Rule } from './types.ts';
import { topBy } from './util.ts';

/** A firing temperature_high clears once this many °C under its max. */
export const TEMPERATURE_HYSTERESIS_C = 3;

export const rule: Rule = {
  id: 'temperature_high',
  evaluate(ctx) {
    const th = ctx.config.thresholds;
    const out: Finding[] = [];
    const check = (
      key: string,
      celsius: number | null,
      max: number,
      label: string,
      pids: number[],
      lead?: number,
    ) => {
      if (celsius === null) return;
      if (celsius <= (ctx.firing(key) ? max - TEMPERATURE_HYSTERESIS_C : max)) return;
      out.push({
        rule: 'temperature_high',
        severity: 'high',
        key,
        message: ctx.t('rules.temperature_high', { what: label, celsius: Math.round(celsius), max }),
        subject: { pids },
        suggestedCommand: explainPid(lead ?? pids[0]),
        details: { celsius, max, topPid: lead ?? pids[0] ?? null },
      });
    };
    const busiest = topBy(ctx.snapshot.processes, (p) => p.cpuPercent ?? 0);
    check(
      'temperature_high:cpu',
      ctx.snapshot.cpu.temperatureC,
      th.temperature_cpu_max,
      'CPU',
      [],
      busiest?.pid,
    );
    for (const g of ctx.snapshot.gpus) {
      const heavy = [...g.processes].sort((a, b) => (b.memoryBytes ?? 0) - (a.memoryBytes ?? 0));
      check(
        `temperature_high:gpu:${g.index}`,
        g.temperatureC,
        th.temperature_gpu_max,
        `GPU ${g.index} (${g.name})`,
        heavy.map((p) => p.pid).slice(0, 5),
      );
    }
    return out;
  },
};
