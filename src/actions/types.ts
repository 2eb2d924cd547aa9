import type { VigilConfig } from '../config/types.ts';
import type { ActionOutcome, Alert, Clock, Logger, Roots } from '../core/types.ts';
import type { ActionCheck } from '../store/types.ts';

export type { ActionOutcome } from '../core/types.ts';

export type SignalOrigin = 'cli' | 'tui' | 'auto' | 'ai';

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
  | 'not_ai_subject'
  | 'not_safe'
  | 'mode'
  | 'pid_reused'
  | 'eperm'
  | 'esrch'
  | 'bad_pid'
  | 'bad_signal'
  | 'fixture_root'
  | 'bad_nice'
  | 'error';

export interface SignalRequest {
  /** A process id, or a thread id: the policy judges (and the signal goes to) its process. */
  pid: number;
  /** The start time the caller saw; a different one now means PID reuse and is refused. */
  startTicks?: number;
  /** Name ('TERM', 'SIGTERM', 'sigkill') or number 1-64; default SIGTERM. */
  signal?: string | number;
  origin: SignalOrigin;
  /** The firing alert whose subject this is; required for origin 'auto' (and 'ai' from an alert). */
  alertId?: string;
  /**
   * Origin 'ai' from an explanation (the TUI's explain modal): the process explained. An AI
   * proposal may only target it or a subject of the firing alert `alertId`.
   */
  explainedPid?: number;
  /**
   * Origin 'ai': a person confirmed this proposal (the TUI modal). Without it, the rules of mode
   * auto apply too (mode, same user, subject of a firing alert, classified safe).
   */
  confirmed?: boolean;
  tree?: boolean;
  dryRun?: boolean;
  /** Wait for exit after the signal (default 3000 ms; 0 = no wait). */
  waitMs?: number;
}

export interface TargetInfo {
  pid: number;
  /** The thread id asked for, when the request named a thread of this process; else null. */
  tid: number | null;
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
  outcome: ActionOutcome;
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
  /** kill_group: a whole storm as one action (group.ts); renice: a nice change (nice.ts). */
  type: 'kill_process' | 'signal' | 'kill_group' | 'renice';
  pid: number;
  signal: string;
  outcome: ActionOutcome;
  code: ReasonCode;
  reason: string;
  alertId?: string;
  alert?: Alert;
  /** The thread id the request named, when `pid` is that thread's process. */
  tid?: number;
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
  /** VIGIL_AUTO_DRY_RUN=1: every automatic or AI-proposed signal is decided and logged, never sent. */
  autoDryRun: boolean;
  /** Vigil's own pid (default process.pid) and uid (default process.getuid()). */
  selfPid: number;
  selfUid: number;
  userOf: (uid: number) => string;
}
