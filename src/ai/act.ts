// Mode 'auto': what happens to the actions of an AI answer. Only a kill_process that the model
// itself rates safe, with a numeric target, goes to the actions policy gate (requestSignal,
// origin 'ai'); everything else is refused and logged. Nothing here can run a command.

import type { Language, VigilConfig } from '../config/types.ts';
import type { Alert } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import { type AiSinks, recordRefusal } from './record.ts';
import type { AiAction } from './schema.ts';

export interface ActDeps {
  /** Read at each step: a reload while the policy decides applies to the next action. */
  config: () => VigilConfig;
  sinks: AiSinks;
  /** The firing alerts the policy checks the target against (its subjects). */
  activeAlerts: () => Alert[];
}

/** Why an action is refused before the policy sees it, or null when it goes to the policy. */
export function refusalOf(action: AiAction, lang: Language): { code: string; reason: string } | null {
  if (action.type === 'custom')
    return { code: 'custom_never_run', reason: t(lang, 'ai.action.custom_refused') };
  if (action.type !== 'kill_process')
    return { code: 'advice_only', reason: t(lang, 'ai.action.advice_only') };
  if (!/^\d+$/.test(action.target.trim()))
    return { code: 'bad_target', reason: t(lang, 'ai.action.bad_target') };
  if (action.risk !== 'safe') {
    return { code: 'not_safe', reason: t(lang, 'ai.action.not_safe', { risk: action.risk }) };
  }
  return null;
}

/**
 * Mode 'auto': kill_process through the policy gate; everything else refused and logged. One
 * answer may cover a burst of alerts: a kill is asked under the alert whose subject names its
 * target (the policy checks that again), else under the first (most severe) one.
 */
export async function actOnAnswer(alerts: readonly Alert[], actions: AiAction[], d: ActDeps): Promise<void> {
  const lang = d.config().general.language;
  const lead = alerts[0];
  if (!lead) return;
  for (const action of actions) {
    const refusal = refusalOf(action, lang);
    const pid = Number(action.target);
    const alert = alerts.find((a) => a.subject.pids.includes(pid)) ?? lead;
    if (refusal) recordRefusal(d.sinks, alert, action, { ...refusal, mode: d.config().general.mode });
    else await killThroughPolicy(alert, pid, d);
  }
}

async function killThroughPolicy(alert: Alert, pid: number, d: ActDeps): Promise<void> {
  const { log, jsonLog } = d.sinks;
  try {
    const actions = await import('../actions/index.ts');
    const { ledgerRow } = await import('../actions/ledger.ts');
    const store = d.sinks.store;
    const deps = actions.actionDeps({
      config: d.config(),
      log,
      activeAlerts: d.activeAlerts,
      ...(jsonLog ? { jsonLog } : {}),
      // The action ledger: a kill an AI answer asked for is history like any other.
      ...(store
        ? { recorder: (rec) => void store.recordAction(ledgerRow(rec, d.config().general.mode)) }
        : {}),
    });
    // The gate decides (PID 1, protected, self/ancestors, other users, not a subject, not
    // safe, PID reuse) and writes its own `action` line with the reason, done or refused.
    const r = await actions.requestSignal({ pid, origin: 'ai', alertId: alert.id, signal: 'SIGTERM' }, deps);
    log.info('ai kill_process decided by the policy', {
      alertId: alert.id,
      pid,
      outcome: r.outcome,
      code: r.code,
    });
  } catch (err) {
    log.error('actions policy unavailable; AI kill refused', { error: (err as Error).message });
  }
}
