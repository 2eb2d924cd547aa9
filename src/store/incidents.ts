// Alert firings as replay needs them: when a given alert id last fired (`status --at <alert id>`),
// and every firing in a window (the TUI's jumps between incidents, the history view's markers,
// the report's top processes at each firing). Reads only; the alerts table is written by alerts.ts.
import type { RuleId, Severity } from '../core/types.ts';
import type { Connection } from './connection.ts';

export interface Firing {
  id: string;
  rule: RuleId;
  severity: Severity;
  firedAt: number;
}

export interface IncidentStore {
  /** Every firing of alert `id`, newest first. */
  firingsOf(id: string): Firing[];
  /** Firings in [fromMs, toMs], oldest first. */
  firingsBetween(fromMs: number, toMs: number): Firing[];
}

interface FiringRow {
  id: string;
  rule: string;
  severity: string;
  fired_at: number;
}

const toFiring = (r: FiringRow): Firing => ({
  id: r.id,
  rule: r.rule as RuleId,
  severity: r.severity as Severity,
  firedAt: r.fired_at,
});

export function createIncidentStore(conn: Connection): IncidentStore {
  const prep = conn.statements();
  return {
    firingsOf: (id) =>
      conn.read([], () =>
        (
          prep('SELECT id, rule, severity, fired_at FROM alerts WHERE id = ? ORDER BY fired_at DESC').all(
            id,
          ) as FiringRow[]
        ).map(toFiring),
      ),
    firingsBetween: (fromMs, toMs) =>
      conn.read([], () =>
        (
          prep(
            'SELECT id, rule, severity, fired_at FROM alerts WHERE fired_at >= ? AND fired_at <= ? ORDER BY fired_at, seq',
          ).all(fromMs, toMs) as FiringRow[]
        ).map(toFiring),
      ),
  };
}
