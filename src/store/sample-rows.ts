// The pure half of samples (no database): which processes a write keeps, a snapshot's system
// sample as insert parameters, and sample rows back to the records the store hands out.
import { sanitize } from '../core/sanitize.ts';
import type { ProcessSnapshot, Snapshot } from '../core/types.ts';
import { CMDLINE_MAX, NAME_MAX } from './rows.ts';
import type { Offender, ProcessSample, SystemSample } from './types.ts';

/** Processes kept per write: the top N by CPU and the top N by RSS (plus every alert subject). */
export const TOP_PROCESSES = 10;

/** Top consumers by CPU and by RSS, plus every process a firing alert (or the caller) names. */
export function selectProcesses(s: Snapshot, topN: number, extra: number[] = []): ProcessSnapshot[] {
  const keep = new Map<number, ProcessSnapshot>();
  const live = s.processes.filter((p) => !p.kernelThread);
  const byCpu = [...live].sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0)).slice(0, topN);
  const byRss = [...live].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, topN);
  for (const p of [...byCpu, ...byRss]) keep.set(p.pid, p);
  const named = new Set<number>(extra);
  for (const a of s.alerts) if (a.state === 'firing') for (const pid of a.subject.pids) named.add(pid);
  if (named.size) for (const p of s.processes) if (named.has(p.pid)) keep.set(p.pid, p);
  return [...keep.values()];
}

export const INSERT_SYSTEM_SAMPLE = `INSERT INTO system_samples (time, resolution_secs, cpu_percent,
    cpu_percent_max, load1, load5, load15, mem_total, mem_used, mem_used_max, mem_available, swap_total,
    swap_used, psi_some10, disk_min_free_percent, net_rx_bps, net_tx_bps, cpu_temp, gpu_temp, gpu_util,
    process_count)
  VALUES (?, 0, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The parameters of INSERT_SYSTEM_SAMPLE for one snapshot taken at `time`. */
export function systemSampleParams(s: Snapshot, time: number): (number | null)[] {
  const m = s.memory;
  const diskMin = s.disks.length ? Math.min(...s.disks.map((d) => d.freePercent)) : null;
  const sum = (xs: (number | null)[]) =>
    xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
  const maxOf = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  return [
    time,
    s.cpu.usagePercent,
    s.cpu.load1,
    s.cpu.load5,
    s.cpu.load15,
    m.totalBytes,
    m.usedBytes,
    m.availableBytes,
    m.swapTotalBytes,
    m.swapUsedBytes,
    m.pressure?.some10 ?? null,
    diskMin,
    sum(s.network.map((n) => n.rxBytesPerSec)),
    sum(s.network.map((n) => n.txBytesPerSec)),
    s.cpu.temperatureC,
    maxOf(s.gpus.map((g) => g.temperatureC)),
    maxOf(s.gpus.map((g) => g.utilizationPercent)),
    s.processes.length,
  ];
}

export interface SystemRow {
  time: number;
  resolution_secs: number;
  cpu_percent: number | null;
  cpu_percent_max: number | null;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  mem_total: number | null;
  mem_used: number | null;
  mem_used_max: number | null;
  mem_available: number | null;
  swap_total: number | null;
  swap_used: number | null;
  psi_some10: number | null;
  disk_min_free_percent: number | null;
  net_rx_bps: number | null;
  net_tx_bps: number | null;
  cpu_temp: number | null;
  gpu_temp: number | null;
  gpu_util: number | null;
  process_count: number | null;
}

export function toSystemSample(r: SystemRow): SystemSample {
  return {
    time: r.time,
    resolutionSecs: r.resolution_secs,
    cpuPercent: r.cpu_percent,
    cpuPercentMax: r.cpu_percent_max ?? r.cpu_percent,
    load1: r.load1,
    load5: r.load5,
    load15: r.load15,
    memTotalBytes: r.mem_total,
    memUsedBytes: r.mem_used,
    memUsedMaxBytes: r.mem_used_max ?? r.mem_used,
    memAvailableBytes: r.mem_available,
    swapTotalBytes: r.swap_total,
    swapUsedBytes: r.swap_used,
    psiSome10: r.psi_some10,
    diskMinFreePercent: r.disk_min_free_percent,
    netRxBytesPerSec: r.net_rx_bps,
    netTxBytesPerSec: r.net_tx_bps,
    cpuTemperatureC: r.cpu_temp,
    gpuTemperatureC: r.gpu_temp,
    gpuUtilizationPercent: r.gpu_util,
    processCount: r.process_count,
  };
}

export interface ProcessSampleRow {
  time: number;
  resolution_secs: number;
  cpu_percent: number | null;
  rss_bytes: number;
  threads: number | null;
  fds: number | null;
}

export function toProcessSample(r: ProcessSampleRow): ProcessSample {
  return {
    time: r.time,
    resolutionSecs: r.resolution_secs,
    cpuPercent: r.cpu_percent,
    rssBytes: r.rss_bytes,
    threads: r.threads,
    fds: r.fds,
  };
}

export interface OffenderRow {
  pid: number;
  start_time: string;
  name: string;
  cmdline: string;
  user: string;
  peak_rss: number;
  peak_cpu: number | null;
  samples: number;
  first: number;
  last: number;
}

export function toOffender(r: OffenderRow): Offender {
  return {
    pid: r.pid,
    startTime: r.start_time,
    name: sanitize(r.name, NAME_MAX),
    cmdline: sanitize(r.cmdline, CMDLINE_MAX),
    user: sanitize(r.user, NAME_MAX),
    peakRssBytes: r.peak_rss,
    peakCpuPercent: r.peak_cpu,
    samples: r.samples,
    firstSeen: r.first,
    lastSeen: r.last,
  };
}
