// What the AI service calls, and when: fired alerts wait in a bounded queue for one runner (a
// call takes seconds and must never block a tick), most severe first; a burst is explained in
// one call; a call is admitted only with a key, when no recording daemon beside a TUI owns it,
// and within the cooldown and daily budget (src/ai/budget.ts) shared through the store with
// other Vigil processes — held back by the cooldown, the alerts are tried again after it.

import type { VigilConfig } from '../config/types.ts';
import type { Alert, AlertEvent, Logger } from '../core/types.ts';
import type { ServiceContext } from '../engine/services.ts';
import type { Budget } from './budget.ts';
import { apiKeyFrom } from './client.ts';
import { type AiSinks, type AiStore, callTimes, recordSkipped } from './record.ts';

export interface AlertQueue {
  /** Queue a fired alert for its turn; when the queue is full the least severe waiting one is dropped (logged). */
  offer(ev: AlertEvent): void;
  /** A tick: alerts held back by the cooldown are tried again once it has passed. */
  tick(): void;
  /** Drop what waits and give the batch in hand up to `graceMs` to finish (stop). */
  drain(graceMs: number): Promise<void>;
  /** Resolves when nothing is queued or running, except alerts waiting for the cooldown. */
  idle(): Promise<void>;
}

/** What the handler made of a batch: `done` (called, or dropped for good), `retry` after the cooldown. */
export type BatchResult = 'done' | 'retry';

/** Most alerts explained by one call (the prompt lists ten). */
export const MAX_BATCH = 10;

const RANK: Record<Alert['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most severe first; among equals, the one that fired first. */
export function bySeverity(a: AlertEvent, b: AlertEvent): number {
  return RANK[a.alert.severity] - RANK[b.alert.severity] || a.time - b.time;
}

export interface AlertQueueOptions {
  max: number;
  log: Logger;
  /** Explain a burst in one call: the most severe alert first, every other one in its context. */
  handle: (batch: AlertEvent[]) => Promise<BatchResult>;
  /** Whether an alert still fires (a resolved one is not explained any more). */
  firing: (id: string) => boolean;
  /** Whether a call may be tried now (the cooldown has passed). */
  ready: () => boolean;
}

/**
 * Fired alerts wait here for one runner (a call takes seconds and must never block a tick). The
 * alerts that fire in one tick are gathered first (the run starts after the tick's events), then
 * explained together in ONE call, most severe first; when the cooldown holds them back they stay
 * queued and are tried again on a later tick, with whatever fired meanwhile.
 */
export function createAlertQueue(opts: AlertQueueOptions): AlertQueue {
  const { log } = opts;
  let queue: AlertEvent[] = [];
  let running: Promise<void> | null = null;
  let scheduled: Promise<void> | null = null;
  let waiting = false;

  async function run(): Promise<void> {
    while (queue.length && !waiting) {
      queue = queue.filter((e) => opts.firing(e.alert.id));
      if (!queue.length) break;
      queue.sort(bySeverity);
      const batch = queue.slice(0, MAX_BATCH);
      let result: BatchResult = 'done';
      try {
        result = await opts.handle(batch);
      } catch (err) {
        // handle() is written not to throw; this is the last guard so the service never dies.
        log.error('ai service failed on an alert', {
          alertId: batch[0]!.alert.id,
          error: (err as Error).message,
        });
      }
      if (result === 'retry') waiting = true;
      else queue = queue.filter((e) => !batch.includes(e));
    }
  }

  function kick(): void {
    if (running || scheduled || waiting) return;
    // After the current tick's events: a burst that fired together is one batch.
    scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      scheduled = null;
      running = run().finally(() => {
        running = null;
        if (queue.length && !waiting) kick();
      });
    });
  }

  return {
    offer(ev) {
      // The same alert again (an escalation) replaces the one waiting.
      queue = queue.filter((e) => e.alert.id !== ev.alert.id);
      if (queue.length >= opts.max) {
        queue.sort(bySeverity);
        const dropped = bySeverity(ev, queue[queue.length - 1]!) < 0 ? queue.pop()! : ev;
        log.warn('ai queue full; alert left to the local explanation', {
          alertId: dropped.alert.id,
          rule: dropped.alert.rule,
        });
        if (dropped === ev) return;
      }
      queue.push(ev);
      kick();
    },
    tick() {
      if (waiting && opts.ready()) {
        waiting = false;
        kick();
      }
    },
    async drain(graceMs) {
      queue = [];
      waiting = false;
      const busy = running ?? scheduled;
      if (busy) await Promise.race([busy, new Promise((r) => setTimeout(r, graceMs))]);
    },
    async idle() {
      while (scheduled || running) await (scheduled ?? running);
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

/** What the schedule decided for a call: its time, wait for the cooldown, or drop it. */
export type Admission =
  | { kind: 'call'; calledAt: number }
  | { kind: 'wait'; retryInMs: number }
  | { kind: 'drop' };

/**
 * May these alerts be sent now? No key (logged once) or a recording daemon's turn (debug): drop;
 * the cooldown: wait (each alert's first skip logged and stored as skipped); the daily cap: drop
 * (logged and stored as skipped); else the time the budget counted the call.
 */
export function admitCall(alerts: readonly Alert[], d: AdmitDeps, skipped: Set<string>): Admission {
  const { config, sinks } = d;
  if (!apiKeyFrom(config.ai, d.env)) {
    sinks.log.once('ai-no-key', 'warn', 'AI is enabled but its key is not set; local explanations only', {
      env: config.ai.api_key_env,
    });
    return { kind: 'drop' };
  }
  // A `vigil watch` beside a running daemon leaves alert calls to the daemon (one call per
  // alert, not one per Vigil process); its explain modal still asks on request.
  if (d.role === 'tui') {
    const rec = safeRecorder(sinks.store);
    if (rec?.alive && rec.pid !== process.pid) {
      sinks.log.debug('ai: the recording daemon handles this alert', {
        alertId: alerts[0]?.id,
        daemonPid: rec.pid,
      });
      return { kind: 'drop' };
    }
  }
  // Calls made meanwhile by another process (`vigil explain`) count too.
  if (sinks.store) d.budget.merge(callTimes(sinks.store, sinks.clock.now()));
  const decision = d.budget.acquire();
  const calledAt = sinks.clock.now();
  if (decision.ok) return { kind: 'call', calledAt };
  for (const alert of alerts) {
    if (decision.reason === 'cooldown' && skipped.has(alert.id)) continue;
    skipped.add(alert.id);
    recordSkipped(sinks, alert, config.ai.model, decision);
  }
  return decision.reason === 'cooldown' ? { kind: 'wait', retryInMs: decision.retryInMs } : { kind: 'drop' };
}

function safeRecorder(store: AiStore | null): { pid: number; alive: boolean } | null {
  try {
    return store?.recorderInfo?.() ?? null;
  } catch {
    return null;
  }
}
