// The alert lifecycle: findings (what rules see now) become alerts that go pending → firing →
// resolved. A finding must hold for its `forSecs` before it fires; a firing alert resolves only
// after its finding has been absent for RESOLVE_AFTER_TICKS consecutive ticks (rules add their
// own threshold hysteresis through RuleContext.firing). One alert per finding key.

import { compareText } from '../core/compare.ts';
import type { Alert, AlertEvent, Finding, Severity } from '../core/types.ts';

export const RESOLVE_AFTER_TICKS = 2;

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

interface Tracked {
  key: string;
  pendingSince: number;
  state: 'pending' | 'firing';
  missed: number;
  alert: Alert;
  details?: Record<string, unknown>;
}

/**
 * 48 bits of two FNV-1a passes (12 hex digits): enough to tell one host's subjects apart, and
 * cheaper than loading node:crypto (~4 MB of RSS) into a daemon that needs no cryptography.
 */
export function hash48(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x5bd1e995) >>> 0;
  }
  return (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).slice(0, 12);
}

/** A stable alert id per subject: the rule id plus a short hash of the finding key. */
export function alertId(rule: string, key: string): string {
  return `${rule}-${hash48(key)}`;
}

/** A finding as a firing alert that starts now. */
export function alertOf(f: Finding, now: number): Alert {
  return {
    id: alertId(f.rule, f.key),
    rule: f.rule,
    severity: f.severity,
    state: 'firing',
    since: new Date(now).toISOString(),
    message: f.message,
    subject: f.subject,
    suggestedCommand: f.suggestedCommand,
  };
}

export class Lifecycle {
  private tracked = new Map<string, Tracked>();

  isFiring(key: string): boolean {
    return this.tracked.get(key)?.state === 'firing';
  }

  /** Alerts firing now, oldest first. */
  active(): Alert[] {
    return [...this.tracked.values()]
      .filter((t) => t.state === 'firing')
      .map((t) => ({ ...t.alert, subject: { ...t.alert.subject, pids: [...t.alert.subject.pids] } }))
      .sort((a, b) => compareText(a.since, b.since) || compareText(a.id, b.id));
  }

  /** Feed this tick's findings; returns the fired and resolved events. */
  update(findings: readonly Finding[], now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      let t = this.tracked.get(f.key);
      if (!t) {
        t = {
          key: f.key,
          pendingSince: now,
          state: 'pending',
          missed: 0,
          alert: alertOf(f, now),
        };
        this.tracked.set(f.key, t);
      }
      t.missed = 0;
      const previous = t.alert.severity;
      t.alert = {
        ...t.alert,
        severity: f.severity,
        message: f.message,
        subject: f.subject,
        suggestedCommand: f.suggestedCommand,
      };
      if (f.details) t.details = f.details;
      if (t.state === 'pending') {
        if (now - t.pendingSince >= (f.forSecs ?? 0) * 1000) {
          t.state = 'firing';
          t.alert.since = new Date(now).toISOString();
          events.push(this.event('fired', t, now));
        }
      } else if (RANK[f.severity] > RANK[previous]) {
        // Escalation (high → critical) is news: say it again with the new severity.
        events.push({ ...this.event('fired', t, now), details: { ...t.details, escalatedFrom: previous } });
      }
    }
    for (const [key, t] of this.tracked) {
      if (seen.has(key)) continue;
      if (t.state === 'pending') {
        this.tracked.delete(key);
        continue;
      }
      t.missed++;
      if (t.missed >= RESOLVE_AFTER_TICKS) {
        this.tracked.delete(key);
        events.push(this.event('resolved', t, now));
      }
    }
    return events;
  }

  private event(kind: 'fired' | 'resolved', t: Tracked, now: number): AlertEvent {
    const alert: Alert = {
      ...t.alert,
      state: kind === 'fired' ? 'firing' : 'resolved',
      subject: { ...t.alert.subject, pids: [...t.alert.subject.pids] },
    };
    return { event: kind, alert, time: now, ...(t.details ? { details: t.details } : {}) };
  }
}
