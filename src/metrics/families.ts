// What Vigil exposes to Prometheus: the latest snapshot as gauges (plus the raw cumulative
// counters behind its rates, so PromQL can `rate()` them itself), active alerts as a labelled
// gauge, and the engine's own health. Pure: state in, families out. Unknown values (null) are
// left out rather than exported as 0, so a missing sensor never looks like a cold one.

import { compareText } from '../core/compare.ts';
import type { RawSample, Snapshot } from '../core/types.ts';
import { USER_HZ } from '../engine/derive.ts';
import { type Histogram, histogramSamples, type MetricFamily, type Sample } from './exposition.ts';

export const TICK_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface MetricsState {
  version: string;
  intervalSecs: number;
  snapshot: Snapshot | undefined;
  raw: RawSample | undefined;
  stats: { ticks: number; errors: number; lastTickMs: number; skippedProcesses: number };
  tickDuration: Histogram;
  /** Engine `error` events by source (collector name, `rules`, `engine`). */
  errorsBySource: ReadonlyMap<string, number>;
}

type Labels = Record<string, string>;

function family(name: string, type: MetricFamily['type'], help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}

/** One sample, or none when the value is unknown. */
function one(value: number | null | undefined, labels?: Labels): Sample[] {
  if (value === null || value === undefined || !Number.isFinite(value)) return [];
  return [labels ? { labels, value } : { value }];
}

function many<T>(items: readonly T[], pick: (item: T) => [Labels, number | null | undefined]): Sample[] {
  return items.flatMap((item) => {
    const [labels, value] = pick(item);
    return one(value, labels);
  });
}

const ratio = (percent: number | null | undefined) =>
  percent === null || percent === undefined ? null : percent / 100;

function engineFamilies(s: MetricsState): MetricFamily[] {
  return [
    family('vigil_build_info', 'gauge', 'Vigil version running this engine (always 1).', [
      { labels: { version: s.version }, value: 1 },
    ]),
    family('vigil_engine_ticks_total', 'counter', 'Samples taken by the engine since it started.', [
      { value: s.stats.ticks },
    ]),
    family(
      'vigil_engine_errors_total',
      'counter',
      'Collector, rule and engine failures since start (the engine goes on).',
      [{ value: s.stats.errors }],
    ),
    family(
      'vigil_engine_source_errors_total',
      'counter',
      'Failures by source: a collector name, rules or engine.',
      [...s.errorsBySource]
        .sort(([a], [b]) => compareText(a, b))
        .map(([source, value]) => ({
          labels: { source },
          value,
        })),
    ),
    family(
      'vigil_engine_tick_duration_seconds',
      'histogram',
      'Wall time of one engine tick (collect, derive, rules).',
      histogramSamples(s.tickDuration),
    ),
    family('vigil_engine_last_tick_duration_seconds', 'gauge', 'Wall time of the latest tick.', [
      { value: s.stats.lastTickMs / 1000 },
    ]),
    family('vigil_engine_interval_seconds', 'gauge', 'Configured time between samples.', [
      { value: s.intervalSecs },
    ]),
    family(
      'vigil_engine_skipped_processes',
      'gauge',
      'Processes that vanished or were unreadable during the latest sweep.',
      [{ value: s.stats.skippedProcesses }],
    ),
  ];
}

function cpuFamilies(snap: Snapshot, raw: RawSample | undefined): MetricFamily[] {
  const c = snap.cpu;
  const total = raw?.parts.cpu?.total;
  const modes: Sample[] = total
    ? Object.entries(total).map(([mode, ticks]) => ({ labels: { mode }, value: ticks / USER_HZ }))
    : [];
  return [
    family('vigil_cpu_cores', 'gauge', 'Logical CPUs.', one(c.cores)),
    family(
      'vigil_cpu_usage_ratio',
      'gauge',
      'Busy share of all CPUs over the last interval (0-1).',
      one(ratio(c.usagePercent)),
    ),
    family(
      'vigil_cpu_core_usage_ratio',
      'gauge',
      'Busy share of each logical CPU over the last interval (0-1).',
      many(
        c.perCore.map((v, i) => [i, v] as const),
        ([i, v]) => [{ core: String(i) }, ratio(v)],
      ),
    ),
    family(
      'vigil_cpu_seconds_total',
      'counter',
      'CPU time spent in each mode, all CPUs (from /proc/stat).',
      modes,
    ),
    family('vigil_load1', 'gauge', '1-minute load average.', one(c.load1)),
    family('vigil_load5', 'gauge', '5-minute load average.', one(c.load5)),
    family('vigil_load15', 'gauge', '15-minute load average.', one(c.load15)),
    family(
      'vigil_cpu_frequency_hertz',
      'gauge',
      'Current CPU frequency.',
      one(c.frequencyMhz === null ? null : c.frequencyMhz * 1e6),
    ),
    family('vigil_cpu_temperature_celsius', 'gauge', 'CPU package temperature.', one(c.temperatureC)),
  ];
}

function memoryFamilies(snap: Snapshot): MetricFamily[] {
  const m = snap.memory;
  const p = m.pressure;
  return [
    family('vigil_memory_total_bytes', 'gauge', 'Installed RAM (MemTotal).', one(m.totalBytes)),
    family('vigil_memory_used_bytes', 'gauge', 'RAM in use (MemTotal - MemAvailable).', one(m.usedBytes)),
    family('vigil_memory_available_bytes', 'gauge', 'RAM available without swapping.', one(m.availableBytes)),
    family('vigil_memory_cached_bytes', 'gauge', 'Page cache.', one(m.cachedBytes)),
    family('vigil_swap_total_bytes', 'gauge', 'Swap space.', one(m.swapTotalBytes)),
    family('vigil_swap_used_bytes', 'gauge', 'Swap in use.', one(m.swapUsedBytes)),
    family(
      'vigil_memory_pressure_avg10_ratio',
      'gauge',
      'Memory pressure stall (PSI avg10): share of time some or all tasks waited on memory (0-1).',
      p
        ? [
            { labels: { kind: 'some' }, value: p.some10 / 100 },
            { labels: { kind: 'full' }, value: p.full10 / 100 },
          ]
        : [],
    ),
  ];
}

function diskFamilies(snap: Snapshot, raw: RawSample | undefined): MetricFamily[] {
  const d = snap.disks;
  const l = (x: (typeof d)[number]) => ({ mount: x.mount, device: x.device, fstype: x.fsType });
  const io = raw?.parts.disks?.io ?? [];
  return [
    family(
      'vigil_disk_size_bytes',
      'gauge',
      'Filesystem size.',
      many(d, (x) => [l(x), x.totalBytes]),
    ),
    family(
      'vigil_disk_free_bytes',
      'gauge',
      'Filesystem space available to unprivileged users (as df).',
      many(d, (x) => [l(x), x.freeBytes]),
    ),
    family(
      'vigil_disk_inodes_free_ratio',
      'gauge',
      'Free inodes share (0-1).',
      many(d, (x) => [l(x), ratio(x.inodesFreePercent)]),
    ),
    family(
      'vigil_disk_read_bytes_per_second',
      'gauge',
      'Read throughput of the device under the filesystem over the last interval.',
      many(d, (x) => [l(x), x.readBytesPerSec]),
    ),
    family(
      'vigil_disk_written_bytes_per_second',
      'gauge',
      'Write throughput of the device under the filesystem over the last interval.',
      many(d, (x) => [l(x), x.writeBytesPerSec]),
    ),
    family(
      'vigil_disk_io_latency_seconds',
      'gauge',
      'Mean time per completed I/O over the last interval.',
      many(d, (x) => [l(x), x.latencyMs === null ? null : x.latencyMs / 1000]),
    ),
    family(
      'vigil_disk_device_read_bytes_total',
      'counter',
      'Bytes read by each block device (from /proc/diskstats).',
      io.map((x) => ({ labels: { device: x.name }, value: x.sectorsRead * 512 })),
    ),
    family(
      'vigil_disk_device_written_bytes_total',
      'counter',
      'Bytes written by each block device (from /proc/diskstats).',
      io.map((x) => ({ labels: { device: x.name }, value: x.sectorsWritten * 512 })),
    ),
  ];
}

function networkFamilies(snap: Snapshot, raw: RawSample | undefined): MetricFamily[] {
  const n = snap.network;
  const ifs = raw?.parts.network?.interfaces ?? [];
  return [
    family(
      'vigil_network_receive_bytes_per_second',
      'gauge',
      'Bytes received per second over the last interval.',
      many(n, (x) => [{ interface: x.interface }, x.rxBytesPerSec]),
    ),
    family(
      'vigil_network_transmit_bytes_per_second',
      'gauge',
      'Bytes sent per second over the last interval.',
      many(n, (x) => [{ interface: x.interface }, x.txBytesPerSec]),
    ),
    family(
      'vigil_network_receive_bytes_total',
      'counter',
      'Bytes received by each interface.',
      ifs.map((x) => ({ labels: { interface: x.interface }, value: x.rxBytes })),
    ),
    family(
      'vigil_network_transmit_bytes_total',
      'counter',
      'Bytes sent by each interface.',
      ifs.map((x) => ({ labels: { interface: x.interface }, value: x.txBytes })),
    ),
    family(
      'vigil_network_errors_total',
      'counter',
      'Receive and transmit errors of each interface.',
      ifs.flatMap((x) => [
        { labels: { interface: x.interface, direction: 'receive' }, value: x.rxErrors },
        { labels: { interface: x.interface, direction: 'transmit' }, value: x.txErrors },
      ]),
    ),
  ];
}

function gpuFamilies(snap: Snapshot): MetricFamily[] {
  const g = snap.gpus;
  const l = (x: (typeof g)[number]) => ({ gpu: String(x.index), vendor: x.vendor, name: x.name });
  return [
    family('vigil_gpus', 'gauge', 'GPUs found (0 when none).', [{ value: g.length }]),
    family(
      'vigil_gpu_utilization_ratio',
      'gauge',
      'GPU busy share (0-1).',
      many(g, (x) => [l(x), ratio(x.utilizationPercent)]),
    ),
    family(
      'vigil_gpu_memory_used_bytes',
      'gauge',
      'GPU memory in use.',
      many(g, (x) => [l(x), x.memoryUsedBytes]),
    ),
    family(
      'vigil_gpu_memory_total_bytes',
      'gauge',
      'GPU memory size.',
      many(g, (x) => [l(x), x.memoryTotalBytes]),
    ),
    family(
      'vigil_gpu_temperature_celsius',
      'gauge',
      'GPU temperature.',
      many(g, (x) => [l(x), x.temperatureC]),
    ),
  ];
}

function processFamilies(snap: Snapshot): MetricFamily[] {
  const byState = new Map<string, number>();
  let threads = 0;
  for (const p of snap.processes) {
    byState.set(p.state, (byState.get(p.state) ?? 0) + 1);
    threads += p.threads;
  }
  return [
    family(
      'vigil_processes',
      'gauge',
      "Processes by the kernel's state letter (R running, S sleeping, D disk wait, Z zombie, T stopped, I idle).",
      [...byState]
        .sort(([a], [b]) => compareText(a, b))
        .map(([state, value]) => ({ labels: { state }, value })),
    ),
    family('vigil_threads', 'gauge', 'Threads of all processes.', [{ value: threads }]),
  ];
}

function alertFamilies(snap: Snapshot): MetricFamily[] {
  const firing = snap.alerts.filter((a) => a.state === 'firing');
  const counts = new Map<string, { rule: string; severity: string; n: number }>();
  for (const a of firing) {
    const k = `${a.rule}\u0000${a.severity}`;
    const c = counts.get(k) ?? { rule: a.rule, severity: a.severity, n: 0 };
    c.n++;
    counts.set(k, c);
  }
  return [
    family(
      'vigil_alert_active',
      'gauge',
      'Firing alerts by rule id and severity (absent when none fire).',
      [...counts.values()]
        .sort((a, b) => compareText(a.rule, b.rule) || compareText(a.severity, b.severity))
        .map((c) => ({ labels: { rule: c.rule, severity: c.severity }, value: c.n })),
    ),
    family('vigil_alerts_firing', 'gauge', 'Firing alerts, all rules.', [{ value: firing.length }]),
  ];
}

/** Every family, engine first; snapshot families only once a snapshot exists. */
export function metricFamilies(s: MetricsState): MetricFamily[] {
  const out = engineFamilies(s);
  const snap = s.snapshot;
  if (!snap) return out;
  const time = Date.parse(snap.time);
  out.push(
    family(
      'vigil_snapshot_timestamp_seconds',
      'gauge',
      'When the latest snapshot was taken (Unix time).',
      one(time / 1000),
    ),
    family('vigil_host_uptime_seconds', 'gauge', 'Time since the host booted.', one(snap.uptimeSeconds)),
    ...cpuFamilies(snap, s.raw),
    ...memoryFamilies(snap),
    ...diskFamilies(snap, s.raw),
    ...networkFamilies(snap, s.raw),
    ...gpuFamilies(snap),
    ...processFamilies(snap),
    ...alertFamilies(snap),
  );
  return out;
}
