// Alert sidebar: firing alerts and recently resolved ones, newest first, coloured by severity;
// the selected one opens its details.

import { compareText } from '../src/core/compare.ts';
import type { Alert, AlertEvent } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import type { Theme } from './theme.ts';
import { fitTo } from './widgets.ts';

/** How many resolved alerts stay in the sidebar. */
export const RECENT_RESOLVED = 20;

/** Firing alerts (the engine's current list) plus recently resolved ones, newest first. */
export function sidebarAlerts(active: readonly Alert[], events: readonly AlertEvent[]): Alert[] {
  const byId = new Map<string, Alert>();
  let resolved = 0;
  for (let i = events.length - 1; i >= 0 && resolved < RECENT_RESOLVED; i--) {
    const e = events[i]!;
    if (e.event === 'resolved' && !byId.has(e.alert.id)) {
      byId.set(e.alert.id, { ...e.alert, state: 'resolved' });
      resolved++;
    }
  }
  for (const a of active) byId.set(a.id, a);
  return [...byId.values()].sort(
    (a, b) =>
      (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) ||
      Date.parse(b.since) - Date.parse(a.since) ||
      compareText(a.id, b.id),
  );
}

const BADGE: Record<Alert['severity'], string> = {
  critical: 'CRIT',
  high: 'HIGH',
  medium: 'MED',
  low: 'LOW',
};

export interface AlertsView {
  alerts: readonly Alert[];
  selected: number;
  focused: boolean;
  /** Lines per alert: 2 in the sidebar, 1 in the narrow strip. */
  compact: boolean;
}

export function renderAlerts(
  view: AlertsView,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
  height: number,
): string[] {
  if (height <= 0) return [];
  if (view.alerts.length === 0) return [theme.paint('ok', fitTo(tr('tui.alerts.none'), width))];
  const per = view.compact ? 1 : 2;
  const fitCount = Math.max(1, Math.floor(height / per));
  const first = Math.max(0, Math.min(view.selected - fitCount + 1, view.alerts.length - fitCount));
  const lines: string[] = [];
  for (let i = first; i < view.alerts.length && lines.length + per <= height; i++) {
    const a = view.alerts[i]!;
    const resolved = a.state === 'resolved';
    const badge = `[${resolved ? 'OK' : BADGE[a.severity]}]`;
    const selected = view.focused && i === view.selected;
    if (view.compact) {
      const text = fitTo(`${badge} ${a.rule}: ${a.message}`, width);
      lines.push(selected ? theme.paint('selected', text) : theme.paint(resolved ? 'dim' : a.severity, text));
      continue;
    }
    const head = fitTo(`${badge} ${a.rule}`, width);
    lines.push(selected ? theme.paint('selected', head) : theme.paint(resolved ? 'dim' : a.severity, head));
    lines.push(theme.paint('dim', fitTo('  ' + a.message, width)));
  }
  if (view.alerts.length > fitCount && lines.length < height) {
    lines.push(theme.paint('dim', fitTo(tr('tui.alerts.count', { n: view.alerts.length }), width)));
  }
  return lines;
}

/** The details dialog of one alert, as plain lines (the dialog escapes them). */
export function alertDetails(a: Alert, tr: (k: string, p?: Params) => string): string[] {
  const lines = [
    `${a.severity.toUpperCase()}  ${a.rule}  (${a.state})`,
    `${tr('tui.alerts.since')}: ${a.since}`,
    '',
    a.message,
    '',
  ];
  if (a.subject.pids.length) lines.push(`${tr('tui.alerts.pids')}: ${a.subject.pids.join(' ')}`);
  if (a.subject.cmdline) lines.push(`${tr('tui.alerts.cmdline')}: ${a.subject.cmdline}`);
  if (a.subject.mount) lines.push(`${tr('tui.alerts.mount')}: ${a.subject.mount}`);
  if (a.subject.device) lines.push(`${tr('tui.alerts.device')}: ${a.subject.device}`);
  if (a.suggestedCommand) lines.push('', `${tr('tui.alerts.suggested')}:`, `  $ ${a.suggestedCommand}`);
  lines.push(`id: ${a.id}`);
  return lines;
}
