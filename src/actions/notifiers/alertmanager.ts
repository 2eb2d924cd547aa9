// Alertmanager API v2 push (POST /api/v2/alerts) for fleets. Firing alerts carry endsAt a few
// minutes ahead and are re-sent periodically by the service (as Prometheus does), so a dead
// Vigil's alerts expire; a resolved alert is sent with endsAt = its resolution time.
import { redactNotice } from './format.ts';
import type { Notice, Notifier } from './types.ts';

/** How long a pushed firing alert stays valid without a re-send. */
export const FIRING_TTL_MS = 5 * 60_000;

export function alertmanagerEndpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v2/alerts') ? trimmed : `${trimmed}/api/v2/alerts`;
}

/** The postableAlerts body for a batch (actions are not alerts and are left out; redacted); pure. */
export function alertmanagerPayload(batch: Notice[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const n of batch.map(redactNotice)) {
    const a = n.alert;
    if (!a || n.kind === 'action') continue;
    const labels: Record<string, string> = {
      alertname: a.rule,
      severity: a.severity,
      instance: n.hostname,
      vigil_alert_id: a.id,
      job: 'vigil',
    };
    if (a.subject.mount) labels.mount = a.subject.mount;
    if (a.subject.device) labels.device = a.subject.device;
    const annotations: Record<string, string> = { summary: a.message };
    if (a.subject.pids.length) annotations.pids = a.subject.pids.join(',');
    if (a.subject.cmdline) annotations.cmdline = a.subject.cmdline;
    if (n.suggestedCommand) annotations.suggested_command = n.suggestedCommand;
    out.push({
      labels,
      annotations,
      startsAt: a.since,
      endsAt: new Date(n.kind === 'resolved' ? n.time : n.time + FIRING_TTL_MS).toISOString(),
    });
  }
  return out;
}

export function alertmanagerNotifier(baseUrl: string): Notifier {
  const url = alertmanagerEndpoint(baseUrl);
  return {
    name: 'alertmanager',
    async send(batch, signal) {
      const body = alertmanagerPayload(batch);
      if (!body.length) return;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil' },
        body: JSON.stringify(body),
        signal,
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) throw new Error(`alertmanager answered HTTP ${res.status}`);
    },
  };
}
