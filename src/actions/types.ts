import type { VigilConfig } from '../config/types.ts';
import type { Alert, Clock, Logger, Roots } from '../core/types.ts';
import type { ActionCheck } from '../store/types.ts';

export type SignalOrigin = 'cli' | 'tui' | 'auto' | 'ai';
export type SignalOutcome = 'done' | 'refused' | 'failed' | 'gone' | 'dry_run';

/** Stable machine codes for a decision or an outcome (the human reason is translated). */
export type ReasonCode =
  | 'ok'
  | 'pid1'
  | 'protected_pid'
  | 'protected_command'
  | 'self'
  | 'ancestor'
  | 'kernel_thread'
  | 'other_user'
  | 'no_alert'
  | 'not_alert_subject'
  | 'not_safe'
  | 'mode'
  | 'pid_reused'
  | 'eperm'
  | 'esrch'
  | 'bad_pid'
  | 'bad_signal'
  | 'fixture_root'
  | 'error';

export interface SignalRequest {
  pid: number;
  /** The start time the caller saw; a different one now means PID reuse and is refused. */
  startTicks?: number;
  /** Name ('TERM', 'SIGTERM', 'sigkill') or number 1-64; default SIGTERM. */
  signal?: string | number;
  origin: SignalOrigin;
  /** The firing alert whose subject this is; required for origin 'auto' and 'ai'. */
  alertId?: string;
  tree?: boolean;
  dryRun?: boolean;
  /** Wait for exit after the signal (default 3000 ms; 0 = no wait). */
  waitMs?: number;
}

export interface TargetInfo {
  pid: number;
  ppid: number;
  uid: number;
  user: string;
  name: string;
  cmdline: string;
  argv0: string;
  rssBytes: number;
  startTicks: number;
  state: string;
  kernelThread: boolean;
  children: number[];
  /** Every descendant, deepest first. */
  descendants: number[];
}

export interface PolicyDecision {
  allowed: boolean;
  code: ReasonCode;
  /** Translated, one line. */
  reason: string;
  /** The pid the decision is about (a tree member may be the one refused). */
  pid: number;
}

export interface SignalResult {
  outcome: SignalOutcome;
  reason: string;
  code: ReasonCode;
  pids: number[];
  stillRunning: number[];
  targets: TargetInfo[];
  /** The before/after look, when a signal was sent (src/actions/ledger.ts). */
  check?: ActionCheck;
}

/** One decision as the store and the JSON log record it. */
export interface ActionRecord {
  time: number;
  origin: SignalOrigin;
  /** kill_group: a whole storm as one action (group.ts). */
  type: 'kill_process' | 'signal' | 'kill_group';
  pid: number;
  signal: string;
  outcome: SignalOutcome;
  code: ReasonCode;
  reason: string;
  alertId?: string;
  alert?: Alert;
  pids: number[];
  dryRun: boolean;
  name?: string;
  cmdline?: string;
  /** Were the targets gone afterwards, how much memory came back (src/actions/ledger.ts). */
  check?: ActionCheck;
}

/** Appends one JSON object per line to the notifications log (see notifiers/jsonlog.ts). */
export interface JsonLogWriter {
  write(entry: Record<string, unknown>): void;
}

export interface ActionDeps {
  config: VigilConfig;
  log: Logger;
  clock: Clock;
  roots: Roots;
  /** The firing alerts; origin 'auto'/'ai' are refused without one naming the target. */
  activeAlerts: () => Alert[];
  recorder?: (record: ActionRecord) => void;
  jsonLog?: JsonLogWriter;
  /** Vigil's own pid (default process.pid) and uid (default process.getuid()). */
  selfPid: number;
  selfUid: number;
  userOf: (uid: number) => string;
}
