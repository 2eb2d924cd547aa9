import { readdirSync } from 'node:fs';
import type { CollectContext, Collector, CpuRaw, CpuTimes } from '../core/types.ts';
import { parseBootTime } from '../proc/parse.ts';
import { ProcFileReader } from './procfs.ts';

function times(fields: string[]): CpuTimes {
  const n = (i: number) => Number(fields[i] ?? 0) || 0;
  return {
    user: n(1),
    nice: n(2),
    system: n(3),
    idle: n(4),
    iowait: n(5),
    irq: n(6),
    softirq: n(7),
    steal: n(8),
  };
}

/** Parse /proc/stat: aggregate and per-core times, boot time. */
export function parseProcStat(text: string): { total: CpuTimes; perCore: CpuTimes[]; bootTimeSec: number } {
  let total: CpuTimes = times([]);
  const perCore: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const fields = line.trim().split(/\s+/);
      if (fields[0] === 'cpu') total = times(fields);
      else perCore.push(times(fields));
    }
  }
  return { total, perCore, bootTimeSec: parseBootTime(text) };
}

/** Parse /proc/loadavg. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = text.trim().split(/\s+/);
  return { load1: Number(a) || 0, load5: Number(b) || 0, load15: Number(c) || 0 };
}

/** Mean `cpu MHz` of /proc/cpuinfo, null when absent. */
export function parseCpuinfoMhz(text: string): number | null {
  let sum = 0;
  let count = 0;
  for (const m of text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)) {
    sum += Number(m[1]);
    count++;
  }
  return count ? Math.round(sum / count) : null;
}

export function busyTicks(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.irq + t.softirq + t.steal;
}
export function totalTicks(t: CpuTimes): number {
  return busyTicks(t) + t.idle + t.iowait;
}

/** CPU collector: /proc/stat and /proc/loadavg every tick, frequency every 12 ticks. */
export function cpuCollector(): Collector<'cpu'> {
  const reader = new ProcFileReader(16 * 1024);
  let freq: number | null = null;
  return {
    name: 'cpu',
    collect(ctx: CollectContext): CpuRaw {
      const stat = reader.read(`${ctx.roots.proc}/stat`);
      if (stat === null) throw new Error(`cannot read ${ctx.roots.proc}/stat`);
      const parsed = parseProcStat(stat);
      const load = parseLoadavg(reader.read(`${ctx.roots.proc}/loadavg`) ?? '');
      if (ctx.tick % 12 === 0) freq = readFrequency(reader, ctx);
      return { ...parsed, ...load, frequencyMhz: freq };
    },
  };
}

function readFrequency(reader: ProcFileReader, ctx: CollectContext): number | null {
  // cpufreq in sysfs is cheap when present; /proc/cpuinfo is the fallback (VMs).
  try {
    const base = `${ctx.roots.sys}/devices/system/cpu`;
    const cpus = readdirSync(base).filter((d) => /^cpu\d+$/.test(d));
    let sum = 0;
    let count = 0;
    for (const c of cpus) {
      const khz = Number(reader.read(`${base}/${c}/cpufreq/scaling_cur_freq`) ?? Number.NaN);
      if (Number.isFinite(khz)) {
        sum += khz / 1000;
        count++;
      }
    }
    if (count) return Math.round(sum / count);
  } catch {
    // no sysfs cpu directory: fall through
  }
  const info = reader.read(`${ctx.roots.proc}/cpuinfo`);
  return info === null ? null : parseCpuinfoMhz(info);
}
