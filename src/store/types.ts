// Rows the store hands out and takes in (docs/history.md). Times are epoch milliseconds.
import type { ActionOutcome, Alert } from '../core/types.ts';

export interface StoreStatus {
  /** An open database handle exists. */
  available: boolean;
  /** Writes are failing (read-only dir, full disk, corrupt file…): history is paused. */
  paused: boolean;
  reason: string | null;
  path: string;
  schemaVersion: number | null;
  readonly: boolean;
  writes: number;
  failedWrites: number;
  lastWriteMs: number;
  maxWriteMs: number;
}

/**
 * The before/after look of an action (docs/history.md "Actions"): were its processes gone
 * afterwards, and how much memory came back.
 */
export interface ActionCheck {
  /** How many processes the action covered (a whole storm counts each of its members). */
  targets: number;
  /** Those gone afterwards (exited, reaped, or their pid now another process). */
  gone: number[];
  /** Those still running when the check ended. */
  stillRunning: number[];
  /** RSS the targets held just before the action. */
  rssBeforeBytes: number;
  /** RSS of the targets that are gone: the memory the action gave back to the machine. */
  freedBytes: number;
  /** MemAvailable before and after (the machine's view; other processes move it too). */
  availableBeforeBytes: number | null;
  availableAfterBytes: number | null;
  /** When the after-look was taken (epoch ms). */
  checkedAt: number;
}

export interface ActionRecord {
  /** Defaults to now. */
  time?: number;
  /** e.g. kill_process, signal, kill_group, or an AI action type. */
  type: string;
  /** Who asked: `vigil kill`, the TUI, auto mode, or an AI answer in auto mode. */
  source: 'cli' | 'tui' | 'auto' | 'ai';
  pid?: number;
  /** Every pid the action covered (a group's members), when more than `pid`. */
  pids?: number[];
  /** ISO start time of the target (ProcessSnapshot.startTime). */
  startTime?: string;
  name?: string;
  cmdline?: string;
  signal?: string;
  mode?: string;
  /** SPEC §5's words (ActionOutcome); rows written before them (`done`) read as `sent`. */
  outcome: ActionOutcome;
  reason?: string;
  alertId?: string;
  /** The before/after look, when the action reached a process. */
  check?: ActionCheck;
  details?: Record<string, unknown>;
}

export interface AiCallRecord {
  /** Defaults to now. */
  time?: number;
  purpose: 'alert' | 'explain';
  model: string;
  alertId?: string;
  pid?: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  outcome: 'ok' | 'fallback' | 'error' | 'timeout' | 'invalid' | 'skipped';
  costUsd?: number;
  error?: string;
}

export interface AiUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface AlertRecord extends Alert {
  firedAt: number;
  resolvedAt: number | null;
  /** Why the alert ended: it resolved, or its recorder stopped while it was firing. */
  endReason: 'resolved' | 'recorder_stopped' | null;
}

export interface ProcessSample {
  time: number;
  /** 0 for a raw sample, else the width of the downsampled bucket (values are peaks). */
  resolutionSecs: number;
  cpuPercent: number | null;
  rssBytes: number;
  threads: number | null;
  fds: number | null;
}

export interface SystemSample {
  time: number;
  /** 0 for a raw sample, else the width of the downsampled bucket (values are averages). */
  resolutionSecs: number;
  cpuPercent: number | null;
  cpuPercentMax: number | null;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  memTotalBytes: number | null;
  memUsedBytes: number | null;
  memUsedMaxBytes: number | null;
  memAvailableBytes: number | null;
  swapTotalBytes: number | null;
  swapUsedBytes: number | null;
  psiSome10: number | null;
  diskMinFreePercent: number | null;
  netRxBytesPerSec: number | null;
  netTxBytesPerSec: number | null;
  cpuTemperatureC: number | null;
  gpuTemperatureC: number | null;
  gpuUtilizationPercent: number | null;
  processCount: number | null;
}

export interface Offender {
  pid: number;
  startTime: string;
  name: string;
  cmdline: string;
  user: string;
  peakRssBytes: number;
  peakCpuPercent: number | null;
  samples: number;
  firstSeen: number;
  lastSeen: number;
}

export interface RecorderInfo {
  pid: number;
  role: string;
  hostname: string;
  startedAt: number;
  heartbeatAt: number;
  /** The recording process still runs (same pid and start time). */
  alive: boolean;
}
