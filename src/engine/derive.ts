// derive(prev, cur): the snapshot the user sees, made from two raw samples. Pure: the live view,
// `status`, and replay (src/store/replay.ts: two recorded frames) all go through here.
import { busyTicks, totalTicks } from '../collectors/cpu.ts';
import type {
  CpuSnapshot,
  CpuTimes,
  DiskSnapshot,
  MemorySnapshot,
  NetworkSnapshot,
  OomForesight,
  ProcessRaw,
  ProcessSnapshot,
  RawParts,
  RawSample,
  Snapshot,
} from '../core/types.ts';

/** USER_HZ: the unit of /proc tick counters, 100 on every Linux ABI. */
export const USER_HZ = 100;

export interface DeriveContext {
  version: string;
  hostname: string;
  userOf: (uid: number) => string;
  /** Kept across ticks by the engine (createDeriveMemo); the result is the same without it. */
  memo?: DeriveMemo;
}

function percent(prev: CpuTimes, cur: CpuTimes): number | null {
  const total = totalTicks(cur) - totalTicks(prev);
  if (total <= 0) return null;
  const busy = busyTicks(cur) - busyTicks(prev);
  return round1(Math.min(100, Math.max(0, (busy / total) * 100)));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function deriveCpu(
  prev: RawParts['cpu'] | undefined,
  cur: RawParts['cpu'] | undefined,
  temps: RawParts['temperatures'] | undefined,
): CpuSnapshot {
  if (!cur) {
    return {
      cores: 0,
      usagePercent: null,
      perCore: [],
      load1: 0,
      load5: 0,
      load15: 0,
      frequencyMhz: null,
      temperatureC: temps?.cpuC ?? null,
    };
  }
  return {
    cores: cur.perCore.length,
    usagePercent: prev ? percent(prev.total, cur.total) : null,
    perCore: cur.perCore.map((c, i) => (prev?.perCore[i] ? percent(prev.perCore[i]!, c) : null)),
    load1: cur.load1,
    load5: cur.load5,
    load15: cur.load15,
    frequencyMhz: cur.frequencyMhz,
    temperatureC: temps?.cpuC ?? null,
  };
}

export function deriveMemory(cur: RawParts['memory'] | undefined): MemorySnapshot {
  if (!cur) {
    return {
      totalBytes: 0,
      usedBytes: 0,
      availableBytes: 0,
      cachedBytes: 0,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      pressure: null,
    };
  }
  return {
    totalBytes: cur.totalBytes,
    usedBytes: Math.max(0, cur.totalBytes - cur.availableBytes),
    availableBytes: cur.availableBytes,
    cachedBytes: cur.cachedBytes,
    swapTotalBytes: cur.swapTotalBytes,
    swapUsedBytes: Math.max(0, cur.swapTotalBytes - cur.swapFreeBytes),
    pressure: cur.pressure,
  };
}

/**
 * What the engine keeps across ticks so that deriving costs less; the result of derive is the
 * same with or without it. Per pid: its ISO start time (the same every tick for an identity: pid
 * + start time, and the boot time), and the row the last derive saw — the previous tick's row,
 * found without a map of the previous list built every tick.
 */
export interface DeriveMemo {
  startTimes: Map<number, MemoEntry>;
  sweep: number;
  /** The list the last call derived: when it is the next call's previous list, `row` is its row. */
  list: readonly ProcessRaw[] | null;
}

interface MemoEntry {
  startTicks: number;
  bootTimeSec: number;
  iso: string;
  /** The sweep that last saw this pid, and its row then. */
  seen: number;
  row: ProcessRaw;
}

export function createDeriveMemo(): DeriveMemo {
  return { startTimes: new Map(), sweep: 0, list: null };
}

function startTimeOf(memo: DeriveMemo | undefined, p: ProcessRaw, bootTimeSec: number): string {
  const startMs = bootTimeSec * 1000 + (p.startTicks / USER_HZ) * 1000;
  if (!memo) return new Date(Math.round(startMs)).toISOString();
  const hit = memo.startTimes.get(p.pid);
  if (hit && hit.startTicks === p.startTicks && hit.bootTimeSec === bootTimeSec) {
    hit.seen = memo.sweep;
    hit.row = p;
    return hit.iso;
  }
  const iso = new Date(Math.round(startMs)).toISOString();
  memo.startTimes.set(p.pid, { startTicks: p.startTicks, bootTimeSec, iso, seen: memo.sweep, row: p });
  return iso;
}

/** Forget the start times of processes the last sweep did not see (only when there are many). */
function pruneMemo(memo: DeriveMemo, live: number): void {
  if (memo.startTimes.size <= live + (live >> 2) + 64) return;
  for (const [pid, e] of memo.startTimes) if (e.seen !== memo.sweep) memo.startTimes.delete(pid);
}

/** How to find a process's row in the previous list: through the memo when it derived that list. */
function previousRows(
  prev: RawParts['processes'] | undefined,
  memo: DeriveMemo | undefined,
): (pid: number) => ProcessRaw | undefined {
  if (!prev) return () => undefined;
  if (memo && memo.list === prev.list) {
    const last = memo.sweep;
    return (pid) => {
      const e = memo.startTimes.get(pid);
      return e && e.seen === last ? e.row : undefined;
    };
  }
  const before = new Map<number, ProcessRaw>();
  for (const p of prev.list) before.set(p.pid, p);
  return (pid) => before.get(pid);
}

export function deriveProcesses(
  prev: RawParts['processes'] | undefined,
  cur: RawParts['processes'] | undefined,
  dtMs: number,
  nowMs: number,
  bootTimeSec: number,
  userOf: (uid: number) => string,
  memo?: DeriveMemo,
): ProcessSnapshot[] {
  if (!cur) return [];
  const previous = previousRows(prev, memo);
  const dtSec = dtMs / 1000;
  if (memo) memo.sweep++;
  const out = cur.list.map((p) => {
    const old = previous(p.pid);
    // Same pid with another start time is another process (PID reuse): no rate for it yet. The
    // same row object means the process did not move (the collector gives unchanged rows again).
    const cpuPercent =
      old && old.startTicks === p.startTicks && dtSec > 0
        ? old === p
          ? 0
          : round1(Math.max(0, (p.cpuTicks - old.cpuTicks) / USER_HZ / dtSec) * 100)
        : null;
    const startMs = bootTimeSec * 1000 + (p.startTicks / USER_HZ) * 1000;
    return {
      pid: p.pid,
      ppid: p.ppid,
      pgid: p.pgid,
      uid: p.uid,
      user: userOf(p.uid),
      name: p.name,
      cmdline: p.cmdline,
      state: p.state,
      cpuPercent,
      rssBytes: p.rssBytes,
      threads: p.threads,
      fds: p.fds,
      startTime: startTimeOf(memo, p, bootTimeSec),
      ageSeconds: Math.max(0, Math.round((nowMs - startMs) / 1000)),
      startTicks: p.startTicks,
      sid: p.sid,
      ttyNr: p.ttyNr,
      kernelThread: p.kernelThread,
      cpuSeconds: p.cpuTicks / USER_HZ,
      cgroup: p.cgroup || null,
    };
  });
  if (memo) {
    pruneMemo(memo, out.length);
    memo.list = cur.list;
  }
  return out;
}

export function deriveDisks(
  prev: RawParts['disks'] | undefined,
  cur: RawParts['disks'] | undefined,
  dtMs: number,
): DiskSnapshot[] {
  if (!cur) return [];
  const before = new Map((prev?.io ?? []).map((d) => [d.name, d]));
  const now = new Map(cur.io.map((d) => [d.name, d]));
  const dtSec = dtMs / 1000;
  return cur.mounts.map((m) => {
    const a = m.diskName ? before.get(m.diskName) : undefined;
    const b = m.diskName ? now.get(m.diskName) : undefined;
    let readBytesPerSec: number | null = null;
    let writeBytesPerSec: number | null = null;
    let latencyMs: number | null = null;
    if (a && b && dtSec > 0) {
      readBytesPerSec = Math.max(0, Math.round(((b.sectorsRead - a.sectorsRead) * 512) / dtSec));
      writeBytesPerSec = Math.max(0, Math.round(((b.sectorsWritten - a.sectorsWritten) * 512) / dtSec));
      const ops = b.readsCompleted - a.readsCompleted + (b.writesCompleted - a.writesCompleted);
      const ms = b.readMs - a.readMs + (b.writeMs - a.writeMs);
      latencyMs = ops > 0 ? round1(ms / ops) : 0;
    }
    return {
      mount: m.mount,
      device: m.device,
      fsType: m.fsType,
      totalBytes: m.totalBytes,
      freeBytes: m.freeBytes,
      freePercent: m.totalBytes > 0 ? round1((m.freeBytes / m.totalBytes) * 100) : 0,
      inodesFreePercent: m.inodesTotal > 0 ? round1((m.inodesFree / m.inodesTotal) * 100) : null,
      readBytesPerSec,
      writeBytesPerSec,
      latencyMs,
    };
  });
}

export function deriveNetwork(
  prev: RawParts['network'] | undefined,
  cur: RawParts['network'] | undefined,
  dtMs: number,
): NetworkSnapshot[] {
  if (!cur) return [];
  const before = new Map((prev?.interfaces ?? []).map((i) => [i.interface, i]));
  const dtSec = dtMs / 1000;
  return cur.interfaces.map((i) => {
    const a = before.get(i.interface);
    const ok = a && dtSec > 0;
    return {
      interface: i.interface,
      rxBytesPerSec: ok ? Math.max(0, Math.round((i.rxBytes - a.rxBytes) / dtSec)) : null,
      txBytesPerSec: ok ? Math.max(0, Math.round((i.txBytes - a.txBytes) / dtSec)) : null,
    };
  });
}

/** Make the snapshot from the previous and current raw samples (prev null on the first tick). */
export function derive(prev: RawSample | null, cur: RawSample, ctx: DeriveContext): Snapshot {
  const p = prev?.parts ?? {};
  const c = cur.parts;
  const dtMs = prev ? cur.monotonic - prev.monotonic : 0;
  const bootTimeSec = c.cpu?.bootTimeSec ?? 0;
  return {
    version: ctx.version,
    time: new Date(cur.time).toISOString(),
    hostname: ctx.hostname,
    uptimeSeconds: bootTimeSec ? Math.max(0, Math.round(cur.time / 1000 - bootTimeSec)) : 0,
    cpu: deriveCpu(p.cpu, c.cpu, c.temperatures),
    memory: deriveMemory(c.memory),
    gpus: (c.gpus ?? []).map((g) => ({
      index: g.index,
      vendor: g.vendor,
      name: g.name,
      utilizationPercent: g.utilizationPercent,
      memoryUsedBytes: g.memoryUsedBytes,
      memoryTotalBytes: g.memoryTotalBytes,
      temperatureC: g.temperatureC,
      processes: g.processes.map((q) => ({ pid: q.pid, memoryBytes: q.memoryBytes })),
    })),
    disks: deriveDisks(p.disks, c.disks, dtMs),
    network: deriveNetwork(p.network, c.network, dtMs),
    processes: deriveProcesses(p.processes, c.processes, dtMs, cur.time, bootTimeSec, ctx.userOf, ctx.memo),
    alerts: [],
    ...(c.processes?.oom ? { oom: deriveOom(c.processes) } : {}),
    kernelEvents: c.kernel ?? [],
  };
}

/** The OOM killer's first choice among the biggest processes (the trend is the analyzer's). */
export function deriveOom(cur: RawParts['processes']): OomForesight {
  const top = cur.oom?.find((o) => o.score > 0);
  const p = top ? cur.list.find((q) => q.pid === top.pid && q.startTicks === top.startTicks) : undefined;
  return {
    victim:
      top && p ? { pid: p.pid, name: p.name, score: top.score, adj: top.adj, rssBytes: p.rssBytes } : null,
    trendBytesPerSec: null,
    timeToOomSecs: null,
  };
}

/** A snapshot with every field and nothing measured (before the first tick). */
export function emptySnapshot(time = Date.now()): Snapshot {
  return derive(null, { time, monotonic: 0, parts: {} }, { version: '', hostname: '', userOf: String });
}
