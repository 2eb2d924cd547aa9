// What the AI service calls, and when: fired alerts wait in a bounded queue for one runner (a
// call takes seconds and must never block a tick), and each is admitted only with a key, when no
// recording daemon beside a TUI owns the call, and within the cooldown and daily budget
// (src/ai/budget.ts) shared through the store with other Vigil processes.

import type { VigilConfig } from '../config/types.ts';
import type { Alert, AlertEvent, Logger } from '../core/types.ts';
import type { ServiceContext } from '../engine/services.ts';
import type { Budget } from './budget.ts';
import { apiKeyFrom } from './client.ts';
import { type AiSinks, type AiStore, callTimes, recordSkipped } from './record.ts';

export interface AlertQueue {
  /** Queue a fired alert for its turn; when the queue is full it is dropped (logged). */
  offer(ev: AlertEvent): void;
  /** Drop what waits and give the alert in hand up to `graceMs` to finish (stop). */
  drain(graceMs: number): Promise<void>;
  /** Resolves when every queued alert has been handled. */
  idle(): Promise<void>;
}

export function createAlertQueue(opts: {
  max: number;
  log: Logger;
  handle: (ev: AlertEvent) => Promise<void>;
}): AlertQueue {
  const { log } = opts;
  const queue: AlertEvent[] = [];
  let running: Promise<void> | null = null;

  function kick(): void {
    if (running) return;
    running = (async () => {
      while (queue.length) {
        const ev = queue.shift()!;
        try {
          await opts.handle(ev);
        } catch (err) {
          // handle() is written not to throw; this is the last guard so the service never dies.
          log.error('ai service failed on an alert', { alertId: ev.alert.id, error: (err as Error).message });
        }
      }
    })().finally(() => {
      running = null;
      if (queue.length) kick();
    });
  }

  return {
    offer(ev) {
      if (queue.length >= opts.max) {
        log.warn('ai queue full; alert left to the local explanation', {
          alertId: ev.alert.id,
          rule: ev.alert.rule,
        });
        return;
      }
      queue.push(ev);
      kick();
    },
    async drain(graceMs) {
      queue.length = 0;
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, graceMs))]);
    },
    async idle() {
      while (running) await running;
    },
  };
}

export interface AdmitDeps {
  config: VigilConfig;
  env: NodeJS.ProcessEnv;
  role: ServiceContext['role'];
  budget: Budget;
  sinks: AiSinks;
}

/**
 * May this alert be sent now? The time the budget counted the call, or null: no key (logged
 * once), a recording daemon's turn (debug), or the budget says no (logged and stored as skipped).
 */
export function admitCall(alert: Alert, d: AdmitDeps): number | null {
  const { config, sinks } = d;
  if (!apiKeyFrom(config.ai, d.env)) {
    sinks.log.once('ai-no-key', 'warn', 'AI is enabled but its key is not set; local explanations only', {
      env: config.ai.api_key_env,
    });
    return null;
  }
  // A `vigil watch` beside a running daemon leaves alert calls to the daemon (one call per
  // alert, not one per Vigil process); its explain modal still asks on request.
  if (d.role === 'tui') {
    const rec = safeRecorder(sinks.store);
    if (rec?.alive && rec.pid !== process.pid) {
      sinks.log.debug('ai: the recording daemon handles this alert', {
        alertId: alert.id,
        daemonPid: rec.pid,
      });
      return null;
    }
  }
  // Calls made meanwhile by another process (`vigil explain`) count too.
  if (sinks.store) d.budget.merge(callTimes(sinks.store, sinks.clock.now()));
  const decision = d.budget.acquire();
  const calledAt = sinks.clock.now();
  if (!decision.ok) {
    recordSkipped(sinks, alert, config.ai.model, decision);
    return null;
  }
  return calledAt;
}

function safeRecorder(store: AiStore | null): { pid: number; alive: boolean } | null {
  try {
    return store?.recorderInfo?.() ?? null;
  } catch {
    return null;
  }
}
