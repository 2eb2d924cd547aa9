// Alerts: one row per occurrence (fired … resolved), written as engine events arrive; read back
// for the report and for `vigil status` beside a live daemon.
import { sanitize } from '../core/sanitize.ts';
import type { Alert, AlertEvent } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { storedJson, storedText } from './rows.ts';
import type { AlertRecord, RecorderInfo } from './types.ts';

export interface AlertStore {
  recordAlertEvent(event: AlertEvent, recorderPid?: number): boolean;
  alertsSince(ms: number, untilMs?: number): AlertRecord[];
  activeDaemonAlerts(): Alert[];
}

export interface AlertDeps {
  /** The recorder lock's row, read inside the same read (whose firing alerts are live). */
  owner(): RecorderInfo | null;
}

interface AlertRow {
  seq: number;
  id: string;
  rule: string;
  severity: string;
  message: string;
  subject: string;
  suggested_command: string | null;
  since: string;
  fired_at: number;
  resolved_at: number | null;
  end_reason: string | null;
  recorder_pid: number | null;
  details: string | null;
}

/** The columns of an inserted alert row that do not come from the alert itself. */
interface AlertEnds {
  firedAt: number;
  resolvedAt: number | null;
  recorderPid: number | null;
  details: string | null;
}

export function createAlertStore(conn: Connection, deps: AlertDeps): AlertStore {
  const prep = conn.statements();

  function insert(a: Alert, o: AlertEnds): void {
    prep(
      `INSERT INTO alerts (id, rule, severity, message, subject, suggested_command, since, fired_at,
         resolved_at, end_reason, recorder_pid, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.id,
      a.rule,
      a.severity,
      storedText(a.message),
      storedJson(a.subject),
      a.suggestedCommand === null ? null : storedText(a.suggestedCommand),
      a.since,
      o.firedAt,
      o.resolvedAt,
      o.resolvedAt === null ? null : 'resolved',
      o.recorderPid,
      o.details,
    );
  }

  function record(e: AlertEvent, recorderPid?: number): void {
    const a = e.alert;
    const open = prep('SELECT seq FROM alerts WHERE id = ? AND resolved_at IS NULL ORDER BY seq DESC').get(
      a.id,
    ) as { seq: number } | undefined;
    const details = e.details ? storedJson(e.details) : null;
    const pid = recorderPid ?? null;
    if (e.event === 'fired' && open) {
      prep(
        'UPDATE alerts SET severity = ?, message = ?, subject = ?, suggested_command = ?, details = ? WHERE seq = ?',
      ).run(
        a.severity,
        storedText(a.message),
        storedJson(a.subject),
        a.suggestedCommand === null ? null : storedText(a.suggestedCommand),
        details,
        open.seq,
      );
    } else if (e.event === 'fired') {
      insert(a, { firedAt: e.time, resolvedAt: null, recorderPid: pid, details });
    } else if (open) {
      prep("UPDATE alerts SET resolved_at = ?, end_reason = 'resolved' WHERE seq = ?").run(e.time, open.seq);
    } else {
      // Resolved without a recorded firing (history was paused when it fired): keep both ends.
      insert(a, { firedAt: Date.parse(a.since) || e.time, resolvedAt: e.time, recorderPid: pid, details });
    }
  }

  return {
    recordAlertEvent: (e, recorderPid) => conn.write('alert', () => record(e, recorderPid)),

    alertsSince(ms, untilMs = Number.MAX_SAFE_INTEGER) {
      return conn.read([], () =>
        (
          prep(
            `SELECT * FROM alerts WHERE fired_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
             ORDER BY fired_at DESC, seq DESC`,
          ).all(untilMs, ms) as AlertRow[]
        ).map(toAlertRecord),
      );
    },

    activeDaemonAlerts() {
      return conn.read([], () => {
        const owner = deps.owner();
        if (!owner?.alive) return [];
        const rows = prep(
          'SELECT * FROM alerts WHERE resolved_at IS NULL AND recorder_pid = ? ORDER BY fired_at',
        ).all(owner.pid) as AlertRow[];
        return rows.map((r) => toAlert(toAlertRecord(r)));
      });
    },
  };
}

/** The SPEC §5 shape of a firing alert (what `vigil status` shows), without the history fields. */
function toAlert(a: AlertRecord): Alert {
  return {
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    state: 'firing',
    since: a.since,
    message: a.message,
    subject: a.subject,
    suggestedCommand: a.suggestedCommand,
  } as Alert;
}

function toAlertRecord(r: AlertRow): AlertRecord {
  let subject: Alert['subject'] = { pids: [] };
  try {
    subject = JSON.parse(r.subject) as Alert['subject'];
  } catch {
    // A damaged row keeps an empty subject rather than breaking the report.
  }
  return {
    id: r.id,
    rule: r.rule as Alert['rule'],
    severity: r.severity as Alert['severity'],
    state: r.resolved_at === null ? 'firing' : 'resolved',
    since: r.since,
    message: sanitize(r.message),
    subject,
    suggestedCommand: r.suggested_command === null ? null : sanitize(r.suggested_command),
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    endReason: r.end_reason as AlertRecord['endReason'],
  };
}
