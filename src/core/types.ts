// The shared vocabulary of Vigil: raw samples (what collectors read), snapshots (what derive
// makes of two raw samples, the §5 JSON shape), alerts and engine events. One name per concept.

/** Where the engine reads the kernel's files. Tests point these at fixture trees. */
export interface Roots {
  proc: string;
  sys: string;
  dev: string;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Logs only the first time `key` is seen (absent GPU, unreadable journal…). */
  once(key: string, level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

// ---------------------------------------------------------------- raw samples

/** Cumulative CPU times in USER_HZ ticks, as in /proc/stat. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface CpuRaw {
  total: CpuTimes;
  perCore: CpuTimes[];
  load1: number;
  load5: number;
  load15: number;
  frequencyMhz: number | null;
  /** Boot time (seconds since the epoch) from /proc/stat `btime`. */
  bootTimeSec: number;
}

export interface MemoryRaw {
  totalBytes: number;
  freeBytes: number;
  availableBytes: number;
  buffersBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  pressure: { some10: number; full10: number } | null;
}

/** One process in a raw sample. Never changed once made: an unchanged process's row is shared by consecutive samples. */
export interface ProcessRaw {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  readonly ttyNr: number;
  readonly uid: number;
  /** comm, sanitised. */
  readonly name: string;
  /** cmdline with NULs as spaces, sanitised; empty for kernel threads and zombies. */
  readonly cmdline: string;
  /** The unit or container cgroup path (src/proc/cgroup.ts), sanitised; '' when unknown. */
  readonly cgroup?: string;
  /** The kernel's one-letter state (R S D Z T t I X …). */
  readonly state: string;
  /** utime + stime in USER_HZ ticks. */
  readonly cpuTicks: number;
  /** Start time in USER_HZ ticks after boot: with pid, the identity of a process (PID reuse). */
  readonly startTicks: number;
  readonly rssBytes: number;
  readonly threads: number;
  /** Open file descriptors; null when unreadable (another user's process) or not yet counted. */
  readonly fds: number | null;
  /** True for kernel threads (PF_KTHREAD). */
  readonly kernelThread: boolean;
}

/** A process the kernel's OOM killer would consider first (src/collectors/oom-score.ts). */
export interface OomCandidate {
  pid: number;
  startTicks: number;
  /** /proc/PID/oom_score: the kernel's badness, 0–2000; the highest is killed first. */
  score: number;
  /** /proc/PID/oom_score_adj: -1000 (never) … 1000 (first). */
  adj: number;
}

export interface ProcessesRaw {
  list: ProcessRaw[];
  /** Processes that vanished between readdir and read, or were unreadable, this sweep. */
  skipped: number;
  /** The biggest processes' OOM scores, highest first (absent when not read). */
  oom?: OomCandidate[];
}

export interface MountRaw {
  mount: string;
  device: string;
  fsType: string;
  totalBytes: number;
  /** Available to unprivileged users, as `df` reports. */
  freeBytes: number;
  inodesTotal: number;
  inodesFree: number;
  /** Block device name in /proc/diskstats (e.g. sda1), when known. */
  diskName: string | null;
}

export interface DiskIoRaw {
  name: string;
  readsCompleted: number;
  sectorsRead: number;
  writesCompleted: number;
  sectorsWritten: number;
  /** Milliseconds spent doing I/O (field 10) and weighted (field 11). */
  ioMs: number;
  readMs: number;
  writeMs: number;
}

export interface DisksRaw {
  mounts: MountRaw[];
  io: DiskIoRaw[];
}

export interface NetInterfaceRaw {
  interface: string;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  rxErrors: number;
  txErrors: number;
}

export interface NetworkRaw {
  interfaces: NetInterfaceRaw[];
  /** Connection counts by protocol and state name (e.g. tcp.ESTABLISHED). */
  connections: Record<string, number>;
}

export interface GpuProcess {
  pid: number;
  memoryBytes: number | null;
  name?: string;
}

export interface GpuRaw {
  index: number;
  vendor: 'nvidia' | 'amd' | 'intel' | 'other';
  name: string;
  utilizationPercent: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  temperatureC: number | null;
  processes: GpuProcess[];
}

export interface TemperaturesRaw {
  /** CPU package (or hottest CPU sensor) in °C, null without sensors. */
  cpuC: number | null;
  sensors: { label: string; celsius: number }[];
}

export interface OomEvent {
  pid: number;
  name: string;
  rssBytes: number | null;
  cgroup: string | null;
}

export interface KernelEvent {
  /** Epoch ms when the line was logged (or read, if the source has no time). */
  time: number;
  source: 'kmsg' | 'journal' | 'fixture';
  /** syslog priority 0–7. */
  priority: number;
  message: string;
  unit?: string;
  oom?: OomEvent;
}

/** Everything collectors can produce; each collector fills one part. */
export interface RawParts {
  cpu: CpuRaw;
  memory: MemoryRaw;
  processes: ProcessesRaw;
  disks: DisksRaw;
  network: NetworkRaw;
  gpus: GpuRaw[];
  temperatures: TemperaturesRaw;
  /** Kernel log / journal events seen since the previous tick (never carried forward). */
  kernel: KernelEvent[];
}
export type PartName = keyof RawParts;

export interface RawSample {
  /** Wall clock, epoch ms. */
  time: number;
  /** Monotonic ms, for rates. */
  monotonic: number;
  parts: Partial<RawParts>;
}

/** Who runs the engine: decides cadences (a one-shot `status` counts fds on its first sweep). */
export type EngineRole = 'daemon' | 'tui' | 'status';

export interface CollectContext {
  roots: Roots;
  clock: Clock;
  log: Logger;
  /** Tick number, starting at 0. */
  tick: number;
}

export interface Collector<K extends PartName = PartName> {
  readonly name: K;
  /** Run every N ticks (default 1); between runs the last value is reused. */
  readonly everyTicks?: number;
  /** Longest a tick waits for an async collect before reusing the last value (default 250 ms). */
  readonly timeoutMs?: number;
  /** Reuse the previous value when not due or late (default true; false for event streams). */
  readonly carryForward?: boolean;
  collect(ctx: CollectContext): RawParts[K] | Promise<RawParts[K]>;
  close?(): void | Promise<void>;
}

// ---------------------------------------------------------------- snapshot (§5)

export interface CpuSnapshot {
  cores: number;
  usagePercent: number | null;
  perCore: (number | null)[];
  load1: number;
  load5: number;
  load15: number;
  frequencyMhz: number | null;
  temperatureC: number | null;
}

export interface MemorySnapshot {
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
  pressure: { some10: number; full10: number } | null;
}

export interface GpuSnapshot {
  index: number;
  vendor: string;
  name: string;
  utilizationPercent: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  temperatureC: number | null;
  processes: { pid: number; memoryBytes: number | null }[];
}

export interface DiskSnapshot {
  mount: string;
  device: string;
  fsType: string;
  totalBytes: number;
  freeBytes: number;
  freePercent: number;
  inodesFreePercent: number | null;
  readBytesPerSec: number | null;
  writeBytesPerSec: number | null;
  latencyMs: number | null;
}

export interface NetworkSnapshot {
  interface: string;
  rxBytesPerSec: number | null;
  txBytesPerSec: number | null;
}

export interface ProcessSnapshot {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  user: string;
  name: string;
  cmdline: string;
  state: string;
  /** Percent of one core over the last interval (htop convention); null on first sight. */
  cpuPercent: number | null;
  rssBytes: number;
  threads: number;
  fds: number | null;
  /** ISO 8601. */
  startTime: string;
  ageSeconds: number;
  // Additions (allowed by §5): identity and session facts the rules need.
  startTicks: number;
  sid: number;
  ttyNr: number;
  kernelThread: boolean;
  /** CPU time used so far (utime + stime), in seconds: htop's TIME+. */
  cpuSeconds?: number;
  /** The unit or container cgroup path (`/system.slice/x.service`, `/` without systemd); null when unknown. */
  cgroup?: string | null;
}

/**
 * What became of an action (SPEC §5): the same words in the JSON log, history, `report`, `kill`
 * and the TUI. `sent`: the signal was delivered and nothing more is known yet (a handler may
 * run); `exited`: the process is gone; `still_running`: it outlived the wait; `stopped` /
 * `continued`: SIGSTOP / SIGCONT took effect; `refused`: the policy said no; `dry_run`: allowed
 * but not sent; `failed`: the attempt failed (EPERM, the pid was reused…).
 */
export type ActionOutcome =
  | 'sent'
  | 'exited'
  | 'still_running'
  | 'stopped'
  | 'continued'
  | 'refused'
  | 'dry_run'
  | 'failed';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type AlertState = 'pending' | 'firing' | 'resolved';

export type RuleId =
  | 'ram_high'
  | 'swap_high'
  | 'zombie'
  | 'orphan_cpu'
  | 'duplicate_processes'
  | 'ghost_process_storm'
  | 'disk_low'
  | 'disk_fill_eta'
  | 'oom_kill'
  | 'load_high'
  | 'temperature_high'
  | 'memory_leak'
  | 'baseline_anomaly';

export interface AlertSubject {
  pids: number[];
  cmdline?: string;
  mount?: string;
  device?: string;
}

export interface Alert {
  id: string;
  rule: RuleId;
  severity: Severity;
  state: 'firing' | 'resolved';
  /** ISO 8601. */
  since: string;
  message: string;
  subject: AlertSubject;
  suggestedCommand: string | null;
}

/** Which process the kernel would kill first, and when memory would run out at its trend. */
export interface OomForesight {
  /** The biggest processes' highest oom_score: the OOM killer's first choice now, or null. */
  victim: { pid: number; name: string; score: number; adj: number; rssBytes: number } | null;
  /** Memory headroom (available + free swap) trend, bytes per second; null without a steady trend. */
  trendBytesPerSec: number | null;
  /** Seconds until the headroom is gone at that trend; null when it is not steadily shrinking. */
  timeToOomSecs: number | null;
}

export interface Snapshot {
  version: string;
  time: string;
  hostname: string;
  uptimeSeconds: number;
  cpu: CpuSnapshot;
  memory: MemorySnapshot;
  gpus: GpuSnapshot[];
  disks: DiskSnapshot[];
  network: NetworkSnapshot[];
  processes: ProcessSnapshot[];
  alerts: Alert[];
  /** OOM foresight (an addition to §5): the kernel's first victim, time to OOM. */
  oom?: OomForesight;
  /** Kernel events that arrived with this tick (not part of the status JSON). */
  kernelEvents?: KernelEvent[];
}

// ---------------------------------------------------------------- rules and alerts

/** What a rule reports for one subject at one instant; the lifecycle turns findings into alerts. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** De-duplication key: the same subject keeps the same key across ticks. */
  key: string;
  message: string;
  subject: AlertSubject;
  suggestedCommand: string | null;
  /** The condition must hold this long before the alert fires (0 = at once). */
  forSecs?: number;
  details?: Record<string, unknown>;
}

export interface AlertEvent {
  event: 'fired' | 'resolved';
  alert: Alert;
  time: number;
  details?: Record<string, unknown>;
}

export type EngineEvent =
  | { type: 'snapshot'; snapshot: Snapshot; raw: RawSample; tickMs: number }
  | { type: 'alert'; alert: AlertEvent }
  | { type: 'error'; source: string; message: string };

export type EngineListener = (event: EngineEvent) => void;
