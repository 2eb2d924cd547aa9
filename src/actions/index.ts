// The action path's public API (docs/security.md "API"): every signal Vigil ever sends goes
// through requestSignal → policy (decide) → kill.ts → signal.ts, and every decision is recorded.
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { expandHome } from '../core/paths.ts';
import { rootsFromEnv } from '../core/roots.ts';
import type { Alert, Clock, Logger, Roots } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import { type ProcFacts, readFacts } from '../proc/read.ts';
import { ancestorsOf, childrenMap, descendantsOf } from '../proc/tree.ts';
import { userResolver } from '../proc/users.ts';
import type { ActionCheck } from '../store/types.ts';
import { killTargets } from './kill.ts';
import { availableBytes, checkAfter } from './ledger.ts';
import { actionEntry, createJsonLog } from './notifiers/jsonlog.ts';
import { decide, type PolicyContext } from './policy.ts';
import { parseSignal } from './signal.ts';
import type {
  ActionDeps,
  ActionRecord,
  JsonLogWriter,
  PolicyDecision,
  ReasonCode,
  SignalOutcome,
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
    selfPid: input.selfPid ?? process.pid,
    selfUid: input.selfUid ?? process.getuid?.() ?? 0,
    userOf: input.userOf ?? userResolver(),
  };
}

function toInfo(f: ProcFacts, deps: ActionDeps, children: Map<number, number[]>, tree: boolean): TargetInfo {
  return {
    pid: f.pid,
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

/** What a confirmation shows about `pid` (and its descendants with `tree`); null if it is gone. */
export function inspectTarget(pid: number, deps: ActionDeps, tree = false): TargetInfo | null {
  const facts = readFacts(deps.roots, pid);
  if (!facts) return null;
  return toInfo(facts, deps, childrenMap(deps.roots), tree);
}

interface Plan {
  decision: PolicyDecision;
  root: ProcFacts | null;
  members: ProcFacts[];
  children: Map<number, number[]>;
  signal: { name: string; number: number } | null;
}

function plan(req: SignalRequest, deps: ActionDeps): Plan {
  const lang = deps.config.general.language;
  const refuse = (code: ReasonCode, params: Record<string, string | number> = {}): PolicyDecision => ({
    allowed: false,
    code,
    reason: t(lang, `policy.${code}`, { pid: req.pid, ...params }),
    pid: req.pid,
  });
  const empty = new Map<number, number[]>();
  const signal = parseSignal(req.signal);
  const base = { root: null, members: [], children: empty, signal };
  if (!Number.isInteger(req.pid) || req.pid <= 0) return { ...base, decision: refuse('bad_pid') };
  // PID 1 and the configured pids are refused before anything else is even read.
  if (req.pid === 1) return { ...base, decision: refuse('pid1') };
  if (deps.config.allowlist.protected_pids.includes(req.pid))
    return { ...base, decision: refuse('protected_pid') };
  if (!signal) return { ...base, decision: refuse('bad_signal', { signal: String(req.signal) }) };
  if (deps.roots.proc !== '/proc')
    return { ...base, decision: refuse('fixture_root', { proc: deps.roots.proc }) };
  const root = readFacts(deps.roots, req.pid);
  if (!root) return { ...base, decision: refuse('esrch') };
  const children = req.tree ? childrenMap(deps.roots) : empty;
  // Leaves first, the root last: a parent does not respawn children it has already lost.
  const members: ProcFacts[] = [];
  if (req.tree) {
    for (const d of descendantsOf(root.pid, children)) {
      const f = readFacts(deps.roots, d);
      if (f) members.push(f);
    }
  }
  members.push(root);
  const ctx: PolicyContext = {
    selfAndAncestors: new Set(ancestorsOf(deps.roots, deps.selfPid)),
    selfPid: deps.selfPid,
    selfUid: deps.selfUid,
    firing: req.origin === 'auto' || req.origin === 'ai' ? deps.activeAlerts() : [],
  };
  // The root first: its own reason is the one to show; then every other member of the tree.
  const rootDecision = decide(req, root, deps, ctx);
  if (!rootDecision.allowed) return { decision: rootDecision, root, members, children, signal };
  for (const m of members) {
    if (m === root) continue;
    const d = decide(req, m, deps, ctx, { root: false });
    if (!d.allowed) {
      const decision = { ...d, reason: t(lang, 'policy.tree', { reason: d.reason }) };
      return { decision, root, members, children, signal };
    }
  }
  return { decision: rootDecision, root, members, children, signal };
}

/** The decision alone: nothing is signalled and nothing is logged. */
export function checkPolicy(req: SignalRequest, deps: ActionDeps): PolicyDecision {
  return plan(req, deps).decision;
}

const ENDING = new Set(['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGABRT']);

/** Decide, record, and (when allowed and not a dry run) signal. Never throws. */
export async function requestSignal(req: SignalRequest, deps: ActionDeps): Promise<SignalResult> {
  const lang = deps.config.general.language;
  // The alert as it was when the decision was taken (it may resolve once its subject is gone).
  const alert = req.alertId ? safeAlerts(deps).find((a) => a.id === req.alertId) : undefined;
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
    record(req, deps, res, null, alert);
    return res;
  }
  const targets = p.members.map((m) => toInfo(m, deps, p.children, false));
  const pids = p.members.map((m) => m.pid);
  let check: ActionCheck | undefined;
  const finish = (
    outcome: SignalOutcome,
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
    record(req, deps, res, p.root, alert);
    return res;
  };
  if (!p.decision.allowed) {
    return finish(p.decision.code === 'esrch' ? 'gone' : 'refused', p.decision.code, p.decision.reason);
  }
  if (req.dryRun) return finish('dry_run', 'ok', p.decision.reason);
  const signal = p.signal!;
  const waitMs = ENDING.has(signal.name) ? (req.waitMs ?? 3000) : 0;
  // The ledger's before/after look: MemAvailable now, RSS of each target as the plan read it.
  const availableBefore = availableBytes(deps.roots);
  try {
    const report = await killTargets(
      deps.roots.proc,
      p.members.map((m) => ({ pid: m.pid, startTicks: m.startTicks })),
      signal.number,
      waitMs,
    );
    // Without a wait after an ending signal nothing is known yet: the outcome stays `sent`.
    if (waitMs > 0 || !ENDING.has(signal.name))
      check = checkAfter(deps.roots, p.members, availableBefore, deps.clock.now());
    const rootResult = report.results[report.results.length - 1]!.result;
    const reasonOf = (code: ReasonCode, error?: string) =>
      t(lang, `policy.${code}`, { pid: req.pid, error: error ?? '' });
    // Only signals that end a process leave something "still running" to report.
    const stillRunning = waitMs > 0 ? report.stillRunning : [];
    // With --tree the root often exits by itself once its children are gone (a shell's `wait`
    // returns) before its own signal arrives: the tree is gone, which is what was asked.
    const rootLeftByItself = req.tree && rootResult.outcome === 'gone' && report.signalled.length > 0;
    if (rootResult.outcome === 'done' || rootLeftByItself) {
      return finish('done', 'ok', p.decision.reason, stillRunning, report.signalled);
    }
    return finish(
      rootResult.outcome,
      rootResult.code,
      reasonOf(rootResult.code, rootResult.error),
      stillRunning,
      report.signalled,
    );
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
  root: ProcFacts | null,
  alert: Alert | undefined,
): void {
  const sig = parseSignal(req.signal);
  const rec: ActionRecord = {
    time: deps.clock.now(),
    origin: req.origin,
    type: req.origin === 'auto' || req.origin === 'ai' ? 'kill_process' : 'signal',
    pid: req.pid,
    signal: sig?.name ?? String(req.signal),
    outcome: res.outcome,
    code: res.code,
    reason: res.reason,
    pids: res.pids,
    dryRun: Boolean(req.dryRun),
    ...(req.alertId ? { alertId: req.alertId } : {}),
    ...(alert ? { alert } : {}),
    ...(root ? { name: root.name, cmdline: root.cmdline } : {}),
    ...(res.check ? { check: res.check } : {}),
  };
  deps.log.log(req.origin === 'cli' ? 'debug' : 'info', 'action decision', {
    origin: rec.origin,
    pid: rec.pid,
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
