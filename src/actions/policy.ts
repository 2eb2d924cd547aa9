// The only gate to any signal (SPEC §10). Pure: it takes facts already read from /proc and says
// yes or no with a reason. index.ts reads the facts, asks here, then hands allowed targets to
// signal.ts, which re-checks the start time right before kill(2).
import { type GlobHit, protectedMatcher } from '../core/glob.ts';
import type { Alert } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import type { ProcFacts } from '../proc/read.ts';
import type { ActionDeps, PolicyDecision, ReasonCode, SignalRequest } from './types.ts';

/**
 * The first `allowlist.protected_commands` pattern matching the process's name (comm), argv0 or
 * exe (src/core/glob.ts), with the field that matched; never the whole command line.
 */
export function protectedMatch(patterns: readonly string[], name: string, cmdline: string): GlobHit | null {
  // A handful of patterns compiles in microseconds; decisions are rare (a kill, an auto action).
  return protectedMatcher(patterns)(name, cmdline);
}

/** Rules whose subjects may ever be killed automatically. */
export const AUTO_SAFE_RULES: ReadonlySet<string> = new Set(['ghost_process_storm']);

export interface SafeVerdict {
  safe: boolean;
  why: string;
}

/**
 * Whether a subject of a firing alert may be killed without a human: only the orphaned members
 * (reparented to PID 1) of a ghost process storm, running or sleeping. A duplicate that still
 * has its parent may be part of a live session of the tool that started it.
 */
export function classifySafe(alert: Alert, target: ProcFacts, lang: 'en' | 'fr' = 'en'): SafeVerdict {
  if (!AUTO_SAFE_RULES.has(alert.rule))
    return { safe: false, why: t(lang, 'policy.safe.not_rule', { rule: alert.rule }) };
  if (target.ppid !== 1)
    return { safe: false, why: t(lang, 'policy.safe.not_orphan', { ppid: target.ppid }) };
  if (!['R', 'S'].includes(target.state))
    return { safe: false, why: t(lang, 'policy.safe.state', { state: target.state }) };
  return { safe: true, why: '' };
}

export interface PolicyContext {
  /** Vigil's own pid and every ancestor (from ancestorsOf(process.pid)). */
  selfAndAncestors: ReadonlySet<number>;
  selfPid: number;
  selfUid: number;
  firing: Alert[];
}

/** The decision for one target (the root of a request or one member of its tree). */
export function decide(
  req: SignalRequest,
  target: ProcFacts,
  deps: Pick<ActionDeps, 'config'>,
  ctx: PolicyContext,
  opts: { root: boolean } = { root: true },
): PolicyDecision {
  const lang = deps.config.general.language;
  const pid = target.pid;
  const no = (code: ReasonCode, params: Record<string, string | number> = {}): PolicyDecision => ({
    allowed: false,
    code,
    reason: t(lang, `policy.${code}`, { pid, name: target.name, ...params }),
    pid,
  });
  if (pid === 1) return no('pid1');
  if (deps.config.allowlist.protected_pids.includes(pid)) return no('protected_pid');
  if (pid === ctx.selfPid) return no('self');
  if (ctx.selfAndAncestors.has(pid)) return no('ancestor');
  if (target.kernelThread || pid === 2 || target.ppid === 2) return no('kernel_thread');
  const hit = protectedMatch(deps.config.allowlist.protected_commands, target.name, target.cmdline);
  if (hit) return no('protected_command', { field: hit.field, value: hit.value, pattern: hit.pattern });
  if (opts.root && req.startTicks !== undefined && req.startTicks !== target.startTicks)
    return no('pid_reused');
  if (req.origin === 'auto' || req.origin === 'ai') {
    const alertId = req.alertId ?? '';
    const alert = ctx.firing.find((a) => a.id === alertId && a.state === 'firing');
    if (req.origin === 'ai') {
      // The model may lie about its target: only the process explained or a subject of the
      // firing alert it was asked about can be named, whatever the answer says.
      const explained = req.explainedPid !== undefined && pid === req.explainedPid;
      if (!explained && !alert?.subject.pids.includes(pid))
        return no('not_ai_subject', { alertId: alertId || '-' });
      // A person confirmed it (the TUI modal): the same rules as their own kill from there.
      if (req.confirmed) return { allowed: true, code: 'ok', reason: t(lang, 'policy.ok'), pid };
    }
    if (deps.config.general.mode !== 'auto') return no('mode', { mode: deps.config.general.mode });
    if (target.uid !== ctx.selfUid) return no('other_user', { uid: target.uid });
    if (!alert) return no('no_alert', { alertId: alertId || '-' });
    if (!alert.subject.pids.includes(pid)) return no('not_alert_subject', { alertId });
    const verdict = classifySafe(alert, target, lang);
    if (!verdict.safe) return no('not_safe', { why: verdict.why });
  }
  return { allowed: true, code: 'ok', reason: t(lang, 'policy.ok'), pid };
}
