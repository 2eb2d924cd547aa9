// Synthetic snapshots for the rules' unit tests (the real-process tests are in test/scenario).

import { defaultConfig } from '../../src/config/defaults.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { AlertEvent, DiskSnapshot, ProcessSnapshot, Snapshot } from '../../src/core/types.ts';
import { HistoryRing } from '../../src/engine/history.ts';
import { createAnalyzer, type VigilAnalyzer } from '../../src/rules/index.ts';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export function proc(o: Partial<ProcessSnapshot> & { pid: number }): ProcessSnapshot {
  return {
    ppid: 1,
    pgid: o.pid,
    uid: 1000,
    user: 'dev',
    name: 'proc',
    cmdline: `proc ${o.pid}`,
    state: 'S',
    cpuPercent: 0,
    rssBytes: 10 * MiB,
    threads: 1,
    fds: 4,
    startTime: '2026-01-01T00:00:00.000Z',
    ageSeconds: 100,
    startTicks: o.pid * 10,
    sid: o.pid,
    ttyNr: 0,
    kernelThread: false,
    ...o,
  };
}

export function disk(o: Partial<DiskSnapshot> & { mount: string }): DiskSnapshot {
  return {
    device: '/dev/sda1',
    fsType: 'ext4',
    totalBytes: 100 * GiB,
    freeBytes: 50 * GiB,
    freePercent: 50,
    inodesFreePercent: 90,
    readBytesPerSec: 0,
    writeBytesPerSec: 0,
    latencyMs: 0,
    ...o,
  };
}

export function snap(o: Partial<Snapshot> = {}): Snapshot {
  return {
    version: 'test',
    time: '2026-01-01T12:00:00.000Z',
    hostname: 'h',
    uptimeSeconds: 1000,
    cpu: {
      cores: 2,
      usagePercent: 5,
      perCore: [5, 5],
      load1: 0.1,
      load5: 0.1,
      load15: 0.1,
      frequencyMhz: null,
      temperatureC: null,
    },
    memory: {
      totalBytes: 16 * GiB,
      usedBytes: 4 * GiB,
      availableBytes: 12 * GiB,
      cachedBytes: 1 * GiB,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      pressure: null,
    },
    gpus: [],
    disks: [],
    network: [],
    processes: [proc({ pid: 1, ppid: 0, name: 'init', cmdline: '/sbin/init' })],
    alerts: [],
    kernelEvents: [],
    ...o,
  };
}

export function memory(usedPercent: number, totalBytes = 16 * GiB): Snapshot['memory'] {
  const used = Math.round((totalBytes * usedPercent) / 100);
  return {
    totalBytes,
    usedBytes: used,
    availableBytes: totalBytes - used,
    cachedBytes: 0,
    swapTotalBytes: 0,
    swapUsedBytes: 0,
    pressure: null,
  };
}

export interface Harness {
  clock: FakeClock;
  analyzer: VigilAnalyzer;
  config: VigilConfig;
  history: HistoryRing;
  /** Analyze one snapshot at the clock's time, then advance the clock by `stepMs`. */
  tick(s: Snapshot, stepMs?: number): AlertEvent[];
  /** Ids of firing alerts of one rule. */
  firing(rule: string): string[];
}

export function harness(
  tweak: (c: VigilConfig) => void = () => {},
  hourOf?: (ms: number) => number,
): Harness {
  const clock = new FakeClock();
  const config = defaultConfig({ LANG: 'en_US.UTF-8' });
  tweak(config);
  const analyzer = createAnalyzer(config, { clock, ...(hourOf ? { hourOf } : {}) });
  const history = new HistoryRing(100);
  return {
    clock,
    analyzer,
    config,
    history,
    tick(s, stepMs = 5000) {
      const snapshot = { ...s, time: new Date(clock.now()).toISOString() };
      const events = analyzer.analyze(snapshot, history, clock.now());
      history.push(snapshot);
      clock.tick(stepMs);
      return events;
    },
    firing(rule) {
      return analyzer
        .active()
        .filter((a) => a.rule === rule)
        .map((a) => a.id);
    },
  };
}

export function fired(events: AlertEvent[], rule?: string): AlertEvent[] {
  return events.filter((e) => e.event === 'fired' && (!rule || e.alert.rule === rule));
}
export function resolved(events: AlertEvent[], rule?: string): AlertEvent[] {
  return events.filter((e) => e.event === 'resolved' && (!rule || e.alert.rule === rule));
}
