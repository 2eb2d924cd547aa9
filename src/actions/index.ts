// The action path's public API (docs/security.md "API"): every signal Vigil ever sends goes
// through requestSignal → policy (decide) → kill.ts → signal.ts, and every decision is recorded.
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { expandHome } from '../core/paths.ts';
import { rootsFromEnv } from '../core/roots.ts';
import type { ActionOutcome, Alert, Clock, Logger, Roots } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import { type ProcFacts, readFacts } from '../proc/read.ts';
import { childrenMap, descendantsOf } from '../proc/tree.ts';
import { userResolver } from '../proc/users.ts';
import type { ActionCheck } from '../store/types.ts';
import { killTargets, sentOutcome, type Watch } from './kill.ts';
import { availableBytes, checkAfter } from './ledger.ts';
import { actionEntry, createJsonLog } from './notifiers/jsonlog.ts';
import { type Plan, plan, processOf } from './plan.ts';
import { parseSignal } from './signal.ts';
import type {
  ActionDeps,
  ActionRecord,
  JsonLogWriter,
  PolicyDecision,
  ReasonCode,
  SignalRequest,
  SignalResult,
  TargetInfo,
} from './types.ts';

export { classifySafe, protectedMatch } from './policy.ts';
export { parseSignal } from './signal.ts';
export type * from './types.ts';

export interface ActionDepsInput {
  config: VigilConfig;
  log: Logger;
  clock?: Clock;
  roots?: Roots;
  activeAlerts?: () => Alert[];
  recorder?: (record: ActionRecord) => void;
  /** Default: a JSON log at `notifications.log_file`; null: none (tests that only decide). */
  jsonLog?: JsonLogWriter | null;
  selfPid?: number;
  selfUid?: number;
  userOf?: (uid: number) => string;
  /** Read for VIGIL_AUTO_DRY_RUN (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Fill every default of ActionDeps. */
export function actionDeps(input: ActionDepsInput): ActionDeps {
  return {
    config: input.config,
    log: input.log,
    clock: input.clock ?? realClock,
    roots: input.roots ?? rootsFromEnv(),
    activeAlerts: input.activeAlerts ?? (() => []),
    ...(input.recorder ? { recorder: input.recorder } : {}),
    ...(input.jsonLog !== null
      ? {
          jsonLog:
            input.jsonLog ??
            createJsonLog({ path: expandHome(input.config.notifications.log_file), log: input.log }),
        }
      : {}),
    autoDryRun: (input.env ?? process.env).VIGIL_AUTO_DRY_RUN === '1',
    selfPid: input.selfPid ?? process.pid,
    selfUid: input.selfUid ?? process.getuid?.() ?? 0,
    userOf: input.userOf ?? userResolver(),
  };
}

function toInfo(
  f: ProcFacts,
  deps: ActionDeps,
  children: Map<number, number[]>,
  tree: boolean,
  tid: number | null = null,
): TargetInfo {
  return {
    pid: f.pid,
    tid,
    ppid: f.ppid,
    uid: f.uid,
    user: deps.userOf(f.uid),
    name: f.name,
    cmdline: f.cmdline,
    argv0: f.argv0,
    rssBytes: f.rssBytes,
    startTicks: f.startTicks,
    state: f.state,
    kernelThread: f.kernelThread,
    children: [...(children.get(f.pid) ?? [])],
    descendants: tree ? descendantsOf(f.pid, children) : [],
  };
}

/**
 * What a confirmation shows about `pid` (and its descendants with `tree`); null if it is gone. A
 * thread id is shown as its process, with `tid` set: that is what a signal would reach.
 */
export function inspectTarget(pid: number, deps: ActionDeps, tree = false): TargetInfo | null {
  const owner = Number.isInteger(pid) && pid > 0 ? processOf(deps, pid) : null;
  const facts = owner ? readFacts(deps.roots, owner.pid) : null;
  if (!owner || !facts) return null;
  return toInfo(facts, deps, childrenMap(deps.roots), tree, owner.tid);
}

/** The decision alone: nothing is signalled and nothing is logged. */
export function checkPolicy(req: SignalRequest, deps: ActionDeps): PolicyDecision {
  return plan(req, deps).decision;
}

const ENDING = new Set(['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGABRT']);
const STOPPING = new Set(['SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU']);
/** How long a SIGSTOP/SIGCONT is given to show in the process state. */
const STATE_WAIT_MS = 1000;

/** What to watch for after `signal`, and for how long. */
function watchFor(signal: string, req: SignalRequest): Watch {
  if (ENDING.has(signal)) return { effect: 'exit', waitMs: req.waitMs ?? 3000 };
  if (STOPPING.has(signal)) return { effect: 'stop', waitMs: STATE_WAIT_MS };
  if (signal === 'SIGCONT') return { effect: 'cont', waitMs: STATE_WAIT_MS };
  return { effect: 'none', waitMs: 0 };
}

/** Decide, record, and (when allowed and not a dry run) signal. Never throws. */
export async function requestSignal(req: SignalRequest, deps: ActionDeps): Promise<SignalResult> {
  const lang = deps.config.general.language;
  // The alert as it was when the decision was taken (it may resolve once its subject is gone).
  const alert = req.alertId ? safeAlerts(deps).find((a) => a.id === req.alertId) : undefined;
  // VIGIL_AUTO_DRY_RUN covers every signal no person asked for directly: auto and AI proposals.
  const dryRun = Boolean(req.dryRun) || ((req.origin === 'auto' || req.origin === 'ai') && deps.autoDryRun);
  let p: Plan;
  try {
    p = plan(req, deps);
  } catch (err) {
    const reason = t(lang, 'policy.error', { error: (err as Error).message });
    const res: SignalResult = {
      outcome: 'failed',
      code: 'error',
      reason,
      pids: [],
      stillRunning: [],
      targets: [],
    };
    record(req, deps, res, null, alert, dryRun);
    return res;
  }
  const targets = p.members.map((m) => toInfo(m, deps, p.children, false, m === p.root ? p.tid : null));
  const pids = p.members.map((m) => m.pid);
  let check: ActionCheck | undefined;
  const finish = (
    outcome: ActionOutcome,
    code: ReasonCode,
    reason: string,
    stillRunning: number[] = [],
    sent = pids,
  ) => {
    const res: SignalResult = {
      outcome,
      code,
      reason,
      pids: sent,
      stillRunning,
      targets,
      ...(check ? { check } : {}),
    };
    record(req, deps, res, p, alert, dryRun);
    return res;
  };
  if (!p.decision.allowed) {
    // A target gone before anything was sent failed (esrch); everything else the policy refused.
    return finish(p.decision.code === 'esrch' ? 'failed' : 'refused', p.decision.code, p.decision.reason);
  }
  if (dryRun) return finish('dry_run', 'ok', p.decision.reason);
  const signal = p.signal!;
  const watch = watchFor(signal.name, req);
  // The ledger's before/after look: MemAvailable now, RSS of each target as the plan read it.
  const availableBefore = availableBytes(deps.roots);
  try {
    const report = await killTargets(
      deps.roots.proc,
      p.members.map((m) => ({ pid: m.pid, startTicks: m.startTicks })),
      signal.number,
      watch,
    );
    // Without a wait after an ending signal nothing is known yet: the outcome stays `sent`.
    if (watch.waitMs > 0 || watch.effect !== 'exit')
      check = checkAfter(deps.roots, p.members, availableBefore, deps.clock.now());
    const rootResult = report.results[report.results.length - 1]!.result;
    // Only signals that end a process leave something "still running" to report.
    const stillRunning = watch.effect === 'exit' && watch.waitMs > 0 ? report.stillRunning : [];
    // With --tree the root often exits by itself once its children are gone (a shell's `wait`
    // returns) before its own signal arrives: the tree is gone, which is what was asked.
    const rootLeftByItself = req.tree && rootResult.code === 'esrch' && report.signalled.length > 0;
    if (rootResult.outcome === 'sent' || rootLeftByItself) {
      const outcome = rootLeftByItself && !stillRunning.length ? 'exited' : sentOutcome(watch, report);
      return finish(outcome, 'ok', p.decision.reason, stillRunning, report.signalled);
    }
    const reason = t(lang, `policy.${rootResult.code}`, {
      pid: p.root?.pid ?? req.pid,
      error: rootResult.error ?? '',
    });
    return finish(rootResult.outcome, rootResult.code, reason, stillRunning, report.signalled);
  } catch (err) {
    return finish('failed', 'error', t(lang, 'policy.error', { error: (err as Error).message }), [], []);
  }
}

function safeAlerts(deps: ActionDeps): Alert[] {
  try {
    return deps.activeAlerts();
  } catch {
    return [];
  }
}

function record(
  req: SignalRequest,
  deps: ActionDeps,
  res: SignalResult,
  p: Plan | null,
  alert: Alert | undefined,
  dryRun: boolean,
): void {
  const sig = parseSignal(req.signal);
  const root = p?.root ?? null;
  const rec: ActionRecord = {
    time: deps.clock.now(),
    origin: req.origin,
    type: req.origin === 'auto' || req.origin === 'ai' ? 'kill_process' : 'signal',
    // The process the decision was about (a thread id is recorded beside it).
    pid: root?.pid ?? req.pid,
    signal: sig?.name ?? String(req.signal),
    outcome: res.outcome,
    code: res.code,
    reason: res.reason,
    pids: res.pids,
    dryRun,
    ...(p?.tid != null ? { tid: p.tid } : {}),
    ...(req.alertId ? { alertId: req.alertId } : {}),
    ...(alert ? { alert } : {}),
    ...(root ? { name: root.name, cmdline: root.cmdline } : {}),
    ...(res.check ? { check: res.check } : {}),
  };
  deps.log.log(req.origin === 'cli' ? 'debug' : 'info', 'action decision', {
    origin: rec.origin,
    pid: rec.pid,
    ...(rec.tid !== undefined ? { tid: rec.tid } : {}),
    signal: rec.signal,
    outcome: rec.outcome,
    code: rec.code,
    reason: rec.reason,
  });
  try {
    deps.jsonLog?.write(actionEntry(rec));
  } catch (err) {
    deps.log.once('action-jsonlog', 'warn', 'cannot write the action to the JSON log', {
      error: (err as Error).message,
    });
  }
  try {
    deps.recorder?.(rec);
  } catch (err) {
    deps.log.once('action-recorder', 'warn', 'cannot record the action', { error: (err as Error).message });
  }
}
