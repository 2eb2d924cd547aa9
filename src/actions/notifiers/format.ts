// Plain-text wording of a notice, shared by every channel (each escapes it for its own markup),
// and the redaction every channel applies before a notice leaves the process (SPEC §8).
import { redactDeep } from '../../core/redact.ts';
import type { Severity } from '../../core/types.ts';
import { t } from '../../i18n/index.ts';
import type { Notice } from './types.ts';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** One line: "[high] ghost_process_storm: 12 orphaned python3 mcp_server.py…". */
export function summaryOf(n: Notice): string {
  if (n.kind === 'action' && n.action) {
    return t(n.lang, 'notify.action', {
      type: n.action.type,
      target: n.action.pid,
      outcome: n.action.outcome,
    });
  }
  const a = n.alert;
  if (!a) return '';
  return t(n.lang, n.kind === 'resolved' ? 'notify.resolved' : 'notify.fired', {
    severity: a.severity,
    rule: a.rule,
    message: a.message,
  });
}

/** Further lines: the suggested command (suggest/auto modes) or the action's reason. */
export function detailsOf(n: Notice): string[] {
  if (n.kind === 'action' && n.action) return [n.action.reason];
  if (n.kind === 'fired' && n.suggestedCommand)
    return [t(n.lang, 'notify.suggest', { command: n.suggestedCommand })];
  return [];
}

/** The most severe notice of a batch (the one a grouped notification leads with). */
export function worst(batch: Notice[]): Notice {
  let best = batch[0]!;
  for (const n of batch) {
    const s = n.alert ? SEVERITY_ORDER[n.alert.severity] : 0;
    const b = best.alert ? SEVERITY_ORDER[best.alert.severity] : 0;
    if (s > b) best = n;
  }
  return best;
}

/** The ALERT fields (SPEC §5) a notice carries, with the suggested command per mode. */
export function alertFields(n: Notice): Record<string, unknown> {
  if (!n.alert) return {};
  return { ...n.alert, suggestedCommand: n.suggestedCommand };
}

/**
 * The notice as it may leave the process: every text in its alert, action and suggested command
 * redacted. Each notifier's payload builder starts from this, so no channel can forget it.
 */
export function redactNotice(n: Notice): Notice {
  return {
    ...n,
    ...(n.alert ? { alert: redactDeep(n.alert) } : {}),
    ...(n.action ? { action: redactDeep(n.action) } : {}),
    suggestedCommand: n.suggestedCommand === null ? null : redactDeep(n.suggestedCommand),
  };
}
