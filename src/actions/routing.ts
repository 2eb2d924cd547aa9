// Engine events to the action service's outputs: an alert event becomes a JSON log line and a
// notice on every channel, a snapshot goes to the auto-remediator, and Alertmanager periodically
// gets every firing alert again. All of it is skipped while a daemon does the work (quiet.ts).
import type { VigilConfig } from '../config/types.ts';
import type { AlertEvent, EngineEvent } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { AutoRemediator } from './auto.ts';
import type { ChannelSet } from './channels.ts';
import { alertNotice, firingNotices } from './notices.ts';
import { alertEntry, type JsonLog } from './notifiers/jsonlog.ts';

/** What the service knows now; the router reads it at each event, and records the hostname. */
export interface RouterState {
  readonly config: VigilConfig;
  readonly engine: Engine | null;
  hostname: string;
}

export interface RouterParts {
  state: RouterState;
  jsonLog: JsonLog;
  channels: ChannelSet;
  quiet: () => boolean;
  auto: AutoRemediator;
}

export interface Router {
  /** The engine's listener: appends to queues and returns. */
  onEvent(e: EngineEvent): void;
  /** Re-send the firing alerts to Alertmanager (on a timer). */
  resend(): void;
}

export function createRouter(p: RouterParts): Router {
  const { state, channels } = p;
  function onAlert(ev: AlertEvent): void {
    if (p.quiet()) return;
    p.jsonLog.write(alertEntry(ev));
    channels.push(alertNotice(ev, state.config, state.hostname));
  }
  return {
    onEvent(e) {
      if (e.type === 'snapshot') {
        state.hostname = e.snapshot.hostname;
        if (!p.quiet()) p.auto.onSnapshot(e.snapshot);
      } else if (e.type === 'alert') onAlert(e.alert);
    },
    resend() {
      const am = channels.alertmanager();
      if (!am || p.quiet()) return;
      const alerts = state.engine?.latest()?.alerts ?? [];
      for (const n of firingNotices(alerts, state.config, state.hostname, Date.now)) am.push(n);
    },
  };
}
