// What the action service tells the channels, as pure functions of the event and the config:
// alerts that fired or resolved, actions taken, and the firing alerts re-sent to Alertmanager.
import type { VigilConfig } from '../config/types.ts';
import type { Alert, AlertEvent } from '../core/types.ts';
import type { Notice } from './notifiers/types.ts';
import type { ActionRecord } from './types.ts';

/** The pasteable command, except in mode observe, where Vigil suggests nothing. */
function suggestion(config: VigilConfig, alert: Alert): string | null {
  return config.general.mode === 'observe' ? null : alert.suggestedCommand;
}

export function alertNotice(ev: AlertEvent, config: VigilConfig, hostname: string): Notice {
  return {
    kind: ev.event,
    time: ev.time,
    alert: ev.alert,
    suggestedCommand: suggestion(config, ev.alert),
    hostname,
    lang: config.general.language,
  };
}

/** An action decision (auto-remediation, TUI, CLI) as a notice. */
export function actionNotice(rec: ActionRecord, config: VigilConfig, hostname: string): Notice {
  return {
    kind: 'action',
    time: rec.time,
    action: rec,
    suggestedCommand: null,
    hostname,
    lang: config.general.language,
  };
}

/** Every firing alert again: Alertmanager forgets an alert that is not re-sent. */
export function firingNotices(
  alerts: readonly Alert[],
  config: VigilConfig,
  hostname: string,
  now: () => number,
): Notice[] {
  return alerts
    .filter((a) => a.state === 'firing')
    .map(
      (a): Notice => ({
        kind: 'fired',
        time: now(),
        alert: a,
        suggestedCommand: suggestion(config, a),
        hostname,
        lang: config.general.language,
      }),
    );
}
