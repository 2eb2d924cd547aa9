// The model's proposed actions are checked before anyone sees them (SPEC §8): a kill gets the
// policy's verdict for the real process its target names (read from /proc, never from the
// model's text), and the only command shown as pasteable is one Vigil built for an allowed kill
// (an explicit pid). The model's `command` and `risk` are its claims, never Vigil's judgement: a
// `custom`, `restart_service` or `free_cache` proposal stays unverified text.
import type { ActionDeps } from '../actions/types.ts';
import type { VigilConfig } from '../config/types.ts';
import type { Alert, Logger, Roots } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import type { AiAction } from './schema.ts';

/** The signal Vigil sends for an AI-proposed kill, whatever the model's command says. */
export const PROPOSAL_SIGNAL = 'SIGTERM';

/** Where an AI proposal may point: the process explained, or the subjects of a firing alert. */
export interface ProposalScope {
  explainedPid?: number;
  alertId?: string;
}

export interface ProposalCheck {
  /** `kill`: a kill_process Vigil judged with its policy; `unverified`: anything else. */
  kind: 'kill' | 'unverified';
  /** The policy allows the kill (always false for unverified proposals). */
  allowed: boolean;
  /** Vigil's verdict in one line: `allowed`, `refused: why`, or why it was not checked. */
  verdict: string;
  /** For a kill of a live process: that process as /proc shows it, and the signal Vigil would send. */
  target: { pid: number; tid: number | null; name: string; startTicks: number; signal: string } | null;
  /** A command Vigil built and vouches for (explicit pid); null when nothing is safe to paste. */
  command: string | null;
}

export interface ProposalDeps {
  actions: typeof import('../actions/index.ts');
  deps: ActionDeps;
}

/** The policy's verdict on one proposal, within `scope` (pure apart from reading /proc). */
export function checkProposal(action: AiAction, scope: ProposalScope, d: ProposalDeps): ProposalCheck {
  const lang = d.deps.config.general.language;
  const unverified = (key: string): ProposalCheck => ({
    kind: 'unverified',
    allowed: false,
    verdict: t(lang, key),
    target: null,
    command: null,
  });
  if (action.type === 'custom') return unverified('explain.check.custom');
  if (action.type !== 'kill_process') return unverified('explain.check.advice');
  const text = action.target.trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) <= 0) return unverified('explain.check.badTarget');
  const pid = Number(text);
  const req = {
    pid,
    signal: PROPOSAL_SIGNAL,
    origin: 'ai' as const,
    // A person reads the verdict and would confirm it: the rules of their own kill, within scope.
    confirmed: true,
    ...(scope.explainedPid !== undefined ? { explainedPid: scope.explainedPid } : {}),
    ...(scope.alertId !== undefined ? { alertId: scope.alertId } : {}),
  };
  const info = d.actions.inspectTarget(pid, d.deps);
  const decision = d.actions.checkPolicy(info ? { ...req, startTicks: info.startTicks } : req, d.deps);
  const target = info
    ? { pid: info.pid, tid: info.tid, name: info.name, startTicks: info.startTicks, signal: PROPOSAL_SIGNAL }
    : null;
  if (!decision.allowed) {
    const verdict = t(lang, 'explain.check.refused', { reason: decision.reason });
    return { kind: 'kill', allowed: false, verdict, target, command: null };
  }
  return {
    kind: 'kill',
    allowed: true,
    verdict: t(lang, 'explain.check.allowed'),
    target,
    // Vigil's own command: the real process's pid, never the model's text.
    command: `kill -TERM ${target?.pid ?? pid}`,
  };
}

export interface CheckContext {
  config: VigilConfig;
  log: Logger;
  roots?: Roots;
  /** The firing alerts a proposal's target is checked against (scope.alertId). */
  activeAlerts?: () => Alert[];
}

/** Every proposal of an answer, checked (explain CLI and the TUI modal). Nothing is logged or sent. */
export async function checkProposals(
  actions: readonly AiAction[],
  scope: ProposalScope,
  ctx: CheckContext,
): Promise<ProposalCheck[]> {
  if (!actions.length) return [];
  // The actions path is loaded only for an answer that proposes something.
  const mod = await import('../actions/index.ts');
  const deps = mod.actionDeps({
    config: ctx.config,
    log: ctx.log,
    jsonLog: null,
    ...(ctx.roots ? { roots: ctx.roots } : {}),
    ...(ctx.activeAlerts ? { activeAlerts: ctx.activeAlerts } : {}),
  });
  return actions.map((a) => checkProposal(a, scope, { actions: mod, deps }));
}
