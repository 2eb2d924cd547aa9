// What a signal request would reach and whether the policy allows it: the id resolved to its
// process (a thread id names its thread group: kill(2) on it signals the whole process, SPEC
// §10), the tree's members read from /proc, and the decision for each (policy.ts).
import { t } from '../i18n/index.ts';
import { type ProcFacts, readFacts, tgidOf } from '../proc/read.ts';
import { ancestorsOf, childrenMap, descendantsOf } from '../proc/tree.ts';
import { decide, type PolicyContext } from './policy.ts';
import { parseSignal } from './signal.ts';
import type { ActionDeps, PolicyDecision, ReasonCode, SignalRequest } from './types.ts';

export interface Plan {
  decision: PolicyDecision;
  /** The thread id the request named, when it named a thread of `root`; else null. */
  tid: number | null;
  root: ProcFacts | null;
  /** Every process the signal would reach: descendants deepest first, the root last. */
  members: ProcFacts[];
  children: Map<number, number[]>;
  signal: { name: string; number: number } | null;
}

/**
 * The process (thread group) an id names: the id itself for a process, its process for a thread
 * id; null when it is gone. /proc lists only processes, but /proc/TID is there for any thread.
 */
export function processOf(
  deps: Pick<ActionDeps, 'roots'>,
  id: number,
): { pid: number; tid: number | null } | null {
  const pid = tgidOf(deps.roots, id);
  if (pid === null) return null;
  return { pid, tid: pid === id ? null : id };
}

/** A decision about a thread's process, said as such: `TID 42 is a thread of PID 1 (python3): …`. */
function aboutThread(
  d: PolicyDecision,
  tid: number | null,
  root: ProcFacts,
  deps: ActionDeps,
): PolicyDecision {
  if (tid === null) return d;
  const reason = t(deps.config.general.language, 'policy.thread', {
    tid,
    pid: root.pid,
    name: root.name,
    reason: d.reason,
  });
  return { ...d, reason };
}

export function plan(req: SignalRequest, deps: ActionDeps): Plan {
  const lang = deps.config.general.language;
  const refuse = (code: ReasonCode, params: Record<string, string | number> = {}): PolicyDecision => ({
    allowed: false,
    code,
    reason: t(lang, `policy.${code}`, { pid: req.pid, ...params }),
    pid: req.pid,
  });
  const empty = new Map<number, number[]>();
  const signal = parseSignal(req.signal);
  const base = { tid: null, root: null, members: [], children: empty, signal };
  if (!Number.isInteger(req.pid) || req.pid <= 0) return { ...base, decision: refuse('bad_pid') };
  // PID 1 and the configured pids are refused before anything else is even read.
  if (req.pid === 1) return { ...base, decision: refuse('pid1') };
  if (deps.config.allowlist.protected_pids.includes(req.pid))
    return { ...base, decision: refuse('protected_pid') };
  if (!signal) return { ...base, decision: refuse('bad_signal', { signal: String(req.signal) }) };
  if (deps.roots.proc !== '/proc')
    return { ...base, decision: refuse('fixture_root', { proc: deps.roots.proc }) };
  // From here on the policy judges the process: a thread id is its thread group's.
  const owner = processOf(deps, req.pid);
  const root = owner ? readFacts(deps.roots, owner.pid) : null;
  if (!owner || !root) return { ...base, decision: refuse('esrch') };
  const tid = owner.tid;
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
  const done = (decision: PolicyDecision): Plan => ({
    decision: aboutThread(decision, tid, root, deps),
    tid,
    root,
    members,
    children,
    signal,
  });
  // The root first: its own reason is the one to show; then every other member of the tree.
  const rootDecision = decide(req, root, deps, ctx);
  if (!rootDecision.allowed) return done(rootDecision);
  for (const m of members) {
    if (m === root) continue;
    const d = decide(req, m, deps, ctx, { root: false });
    if (!d.allowed) return done({ ...d, reason: t(lang, 'policy.tree', { reason: d.reason }) });
  }
  return done(rootDecision);
}
