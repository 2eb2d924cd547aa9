// A whole group as one action (SPEC §7, §10): the members of a storm, named by explicit pid and
// the start time the caller saw — never a process group or a pattern. Each member goes through
// the one signal path (requestSignal → policy → kill → signal, which re-checks its start time),
// then the group is re-checked until every member is gone or the wait ends; nothing outside it
// is touched. The ledger gets one row for the group (every pid, the before/after check), the JSON
// log one decision line per member (SPEC §10: every decision logged with its reason).
import type { Alert } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import { pidList } from '../rules/util.ts';
import { checkPolicy, requestSignal } from './index.ts';
import { waitForExit } from './kill.ts';
import { actionOutcome, availableBytes, type CheckTarget, checkAfter, ENDING_SIGNALS } from './ledger.ts';
import { parseSignal } from './signal.ts';
import type { ActionDeps, ActionRecord, PolicyDecision, SignalOrigin, TargetInfo } from './types.ts';

/** Outcomes of a member's request that mean the signal reached it. */
const SIGNALLED: ReadonlySet<string> = new Set(['sent', 'exited', 'still_running', 'stopped', 'continued']);

export interface GroupMember {
  pid: number;
  /** The start time the caller saw: a member whose pid now names another process is refused. */
  startTicks: number;
}

export interface GroupRequest {
  members: readonly GroupMember[];
  /** Default SIGTERM. */
  signal?: string;
  origin: SignalOrigin;
  /** The firing alert the group is the subject of (required for origin auto and ai). */
  alertId?: string;
  dryRun?: boolean;
  /** How long the group is re-checked after the signal (default 5 s); ending signals only. */
  waitMs?: number;
}

export interface GroupPlan {
  allowed: { member: GroupMember; decision: PolicyDecision }[];
  refused: { member: GroupMember; decision: PolicyDecision }[];
}

/** Most members one group action covers (a storm's subject is bounded the same way). */
export const MAX_GROUP = 5000;

function memberRequest(req: GroupRequest, m: GroupMember) {
  return {
    pid: m.pid,
    startTicks: m.startTicks,
    signal: req.signal ?? 'SIGTERM',
    origin: req.origin,
    ...(req.alertId ? { alertId: req.alertId } : {}),
    ...(req.dryRun ? { dryRun: true } : {}),
  };
}

/** The policy's decision for every member (nothing is signalled or logged). */
export function planGroup(req: GroupRequest, deps: ActionDeps): GroupPlan {
  const plan: GroupPlan = { allowed: [], refused: [] };
  const seen = new Set<number>();
  for (const m of req.members.slice(0, MAX_GROUP)) {
    if (seen.has(m.pid)) continue;
    seen.add(m.pid);
    const decision = checkPolicy(memberRequest(req, m), deps);
    (decision.allowed ? plan.allowed : plan.refused).push({ member: m, decision });
  }
  return plan;
}

export interface GroupResult {
  outcome: ActionRecord['outcome'] | ReturnType<typeof actionOutcome>;
  /** Members the signal reached. */
  signalled: number[];
  refused: { pid: number; code: string; reason: string }[];
  failed: { pid: number; code: string; reason: string }[];
  stillRunning: number[];
  /** What the members were just before (for a confirmation or a report). */
  targets: TargetInfo[];
  record: ActionRecord;
}

/**
 * Signal a whole group as one action and re-check it until it is gone. Never throws. The ledger
 * row goes to `deps.recorder` (one for the group), the per-member decisions to the JSON log.
 */
export async function requestGroupSignal(req: GroupRequest, deps: ActionDeps): Promise<GroupResult> {
  const lang = deps.config.general.language;
  const signal = parseSignal(req.signal ?? 'SIGTERM');
  const alert: Alert | undefined = req.alertId
    ? safe(() => deps.activeAlerts(), []).find((a) => a.id === req.alertId)
    : undefined;
  // Members decide and signal on the one path; the ledger row is the group's, written below.
  const { recorder: _groupRow, ...memberDeps } = deps;
  const availableBefore = availableBytes(deps.roots);
  const signalled: CheckTarget[] = [];
  const targets: TargetInfo[] = [];
  const refused: GroupResult['refused'] = [];
  const failed: GroupResult['failed'] = [];
  const seen = new Set<number>();
  for (const m of req.members.slice(0, MAX_GROUP)) {
    if (seen.has(m.pid)) continue;
    seen.add(m.pid);
    // No per-member wait: the whole group is signalled first, then waited for together.
    const r = await requestSignal({ ...memberRequest(req, m), waitMs: 0 }, memberDeps);
    const target = r.targets.at(-1);
    if (target) targets.push(target);
    if (r.outcome === 'refused') refused.push({ pid: m.pid, code: r.code, reason: r.reason });
    else if (r.outcome === 'dry_run') continue;
    else if (r.pids.includes(m.pid) && SIGNALLED.has(r.outcome)) {
      signalled.push({ pid: m.pid, startTicks: m.startTicks, rssBytes: target?.rssBytes ?? 0 });
    } else failed.push({ pid: m.pid, code: r.code, reason: r.reason });
  }
  const waitMs = signal && ENDING_SIGNALS.has(signal.name) ? (req.waitMs ?? 5000) : 0;
  if (waitMs > 0 && signalled.length) await waitForExit(deps.roots.proc, signalled, waitMs);
  const check = signalled.length
    ? checkAfter(deps.roots, signalled, availableBefore, deps.clock.now())
    : undefined;
  const raw = req.dryRun
    ? 'dry_run'
    : signalled.length
      ? 'sent'
      : refused.length && !failed.length
        ? 'refused'
        : 'failed';
  const outcome = actionOutcome(raw, signal?.name ?? String(req.signal), check ?? null);
  const reason =
    outcome === 'refused'
      ? (refused[0]?.reason ?? '')
      : t(lang, 'ledger.group', {
          signalled: signalled.length,
          total: seen.size,
          refused: refused.length,
          failed: failed.length,
          pids: pidList([...seen], 20),
        });
  const record: ActionRecord = {
    time: deps.clock.now(),
    origin: req.origin,
    type: 'kill_group',
    pid: req.members[0]?.pid ?? 0,
    signal: signal?.name ?? String(req.signal),
    // Already in SPEC §5's words; the ledger (actionOutcome) passes them through.
    outcome: outcome as ActionRecord['outcome'],
    code: outcome === 'refused' ? (refused[0]?.code as ActionRecord['code']) : 'ok',
    reason,
    pids: [...seen],
    dryRun: Boolean(req.dryRun),
    ...(req.alertId ? { alertId: req.alertId } : {}),
    ...(alert ? { alert } : {}),
    ...(targets[0] ? { name: targets[0].name, cmdline: targets[0].cmdline } : {}),
    ...(check ? { check } : {}),
  };
  try {
    deps.recorder?.(record);
  } catch (err) {
    deps.log.once('action-recorder', 'warn', 'cannot record the action', { error: (err as Error).message });
  }
  deps.log.log(req.origin === 'cli' ? 'debug' : 'info', 'group action', {
    origin: req.origin,
    alertId: req.alertId,
    members: seen.size,
    signalled: signalled.length,
    refused: refused.length,
    outcome,
    freedBytes: check?.freedBytes ?? 0,
  });
  return {
    outcome,
    signalled: signalled.map((s) => s.pid),
    refused,
    failed,
    stillRunning: check?.stillRunning ?? [],
    targets,
    record,
  };
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
