// The AI service (registered in src/host/services.ts) in the daemon and the TUI: on NEW fired
// alerts only (never for resolved alerts), most severe first, a burst in one call, within the
// cooldown (alerts it held back are tried again after it) and the daily cap, asks Claude about
// the situation, writes an `ai` event to the JSON log (SPEC §5), records the
// call (tokens, cost) in the store. The answer is advice: in mode 'auto' its kill_process actions go
// to the actions policy gate (requestSignal, origin 'ai'), and nothing else is ever run — `custom`
// commands are refused and logged. This file wires the parts: when to call (schedule.ts), what to
// ask (prompt-inputs.ts), how it is recorded (record.ts), what 'auto' does with the answer (act.ts).

import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { defaultDataDir, logFilePath } from '../core/paths.ts';
import type { AlertEvent, Clock, EngineEvent } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import type { Store } from '../store/index.ts';
import { actOnAnswer } from './act.ts';
import { type Budget, createBudget } from './budget.ts';
import { type AiClient, createAiClient } from './client.ts';
import { explainAlertLocally } from './local.ts';
import { type AlertContext, createAlertContext } from './prompt-inputs.ts';
import { type AiSinks, type AiStore, callTimes, type JsonLine, recordDiagnosis } from './record.ts';
import { admitCall, type BatchResult, createAlertQueue } from './schedule.ts';

export interface AiServiceOptions {
  clock?: Clock;
  client?: AiClient;
  /** Default: the SQLite store in ctx.dataDir, opened at start (null: none). */
  store?: AiStore | null;
  /** Default: the JSON log at notifications.log_file. */
  jsonLog?: JsonLine;
  /** Per-call deadline (default 30 s). */
  timeoutMs?: number;
  /** Most alerts waiting for their turn; more are dropped (logged). */
  maxQueue?: number;
}

export interface AiService extends Service {
  /** Resolves when every queued alert has been handled (tests). */
  idle(): Promise<void>;
}

/** What the service's parts share; config, engine and the opened sinks change over its life. */
interface AiServiceState {
  readonly ctx: ServiceContext;
  readonly opts: AiServiceOptions;
  config: VigilConfig;
  engine: Engine | null;
  readonly sinks: AiSinks;
  ownStore: boolean;
  io: Promise<void> | null;
  readonly budget: Budget;
  readonly context: AlertContext;
  /** Alerts whose cooldown skip is already recorded (once each while they wait). */
  readonly skipped: Set<string>;
}

export function createAiService(ctx: ServiceContext, opts: AiServiceOptions = {}): AiService {
  const clock = opts.clock ?? realClock;
  const s: AiServiceState = {
    ctx,
    opts,
    config: ctx.config,
    engine: null,
    sinks: { log: ctx.log, clock, store: opts.store ?? null, jsonLog: opts.jsonLog ?? null },
    ownStore: false,
    io: null,
    budget: createBudget({
      clock,
      cooldownSecs: ctx.config.ai.cooldown_secs,
      maxCallsPerDay: ctx.config.ai.max_calls_per_day,
    }),
    context: createAlertContext(),
    skipped: new Set(),
  };
  const queue = createAlertQueue({
    max: opts.maxQueue ?? 20,
    log: ctx.log,
    handle: (batch) => handleBatch(s, batch),
    firing: (id) => isFiring(s, id),
    ready: () => s.budget.check().ok,
  });
  let unsubscribe: (() => void) | null = null;

  function onEvent(e: EngineEvent): void {
    // Off (it can be turned on by a reload): nothing is remembered, nothing is called.
    if (!s.config.ai.enabled) return;
    if (e.type === 'snapshot') {
      s.context.observe(e.snapshot);
      // Alerts the cooldown held back are tried again once it has passed.
      queue.tick();
    }
    // Only a NEW firing alert: resolved events and ticks never call the AI by themselves.
    else if (e.type === 'alert' && e.alert.event === 'fired') queue.offer(e.alert);
  }

  return {
    name: 'ai',
    async start(eng) {
      s.engine = eng;
      // The analyzer's lineage memory when the engine carries one (src/host/compose.ts), else ours.
      const shared = eng.analyzer?.lineage;
      if (shared) s.context.shareLineage(shared);
      // AI off: nothing is opened (a reload that turns it on opens it on the first alert).
      if (s.config.ai.enabled) await openIo(s);
      unsubscribe = eng.subscribe(onEvent);
    },
    async stop() {
      unsubscribe?.();
      await queue.drain(1000);
      await s.sinks.jsonLog?.flush?.();
      if (s.ownStore) s.sinks.store?.close();
      s.sinks.store = null;
    },
    reload(next) {
      s.config = next;
      s.budget.setLimits(next.ai.cooldown_secs, next.ai.max_calls_per_day);
    },
    idle: () => queue.idle(),
  };
}

/** The store (budget seed, call records) and the JSON log, opened once, when first needed. */
function openIo(s: AiServiceState): Promise<void> {
  const { ctx, sinks } = s;
  s.io ??= (async () => {
    if (s.opts.store === undefined) {
      sinks.store = await openAiStore(ctx.dataDir, ctx.log);
      s.ownStore = sinks.store !== null;
    }
    if (!sinks.jsonLog) {
      const { createJsonLog } = await import('../actions/notifiers/jsonlog.ts');
      const defaultDir = defaultDataDir(ctx.env);
      sinks.jsonLog = createJsonLog({
        path: logFilePath(s.config.notifications.log_file, ctx.dataDir, defaultDir, ctx.env.HOME),
        log: ctx.log,
      });
    }
    // Calls made before a restart (or by `vigil explain`) still count.
    s.budget.merge(sinks.store ? callTimes(sinks.store, sinks.clock.now()) : []);
  })();
  return s.io;
}

/** Whether an alert still fires (the engine's latest look; without one, assume it does). */
function isFiring(s: AiServiceState, id: string): boolean {
  const latest = s.engine?.latest();
  return latest ? latest.alerts.some((a) => a.id === id && a.state === 'firing') : true;
}

/**
 * A burst of fired alerts, most severe first, in its turn: admitted (or held back for the
 * cooldown), asked in ONE call with every firing alert in its context, recorded, acted on in auto.
 */
async function handleBatch(s: AiServiceState, batch: AlertEvent[]): Promise<BatchResult> {
  await openIo(s);
  const { ctx, sinks } = s;
  const alerts = batch.map((e) => e.alert);
  const lead = alerts[0]!;
  const snapshot = s.engine?.latest();
  const admission = admitCall(
    alerts,
    { config: s.config, env: ctx.env, role: ctx.role, budget: s.budget, sinks },
    s.skipped,
  );
  if (admission.kind === 'wait') return 'retry';
  for (const a of alerts) s.skipped.delete(a.id);
  if (admission.kind === 'drop') return 'done';
  const local = explainAlertLocally(lead, snapshot, s.config.general.language, s.context.lineageOf);
  const prompt = s.context.prompt(batch, snapshot, s.config, ctx.env);
  const client =
    s.opts.client ??
    createAiClient({ ai: s.config.ai, env: ctx.env, timeoutMs: s.opts.timeoutMs ?? 30_000, maxRetries: 2 });
  const res = await client.diagnose(prompt);
  recordDiagnosis(sinks, lead, res, {
    calledAt: admission.calledAt,
    model: s.config.ai.model,
    local,
    covers: alerts,
  });
  if (!res.ok || s.config.general.mode !== 'auto') return 'done';
  await actOnAnswer(alerts, res.answer.actions, {
    config: () => s.config,
    sinks,
    activeAlerts: () => s.engine?.latest()?.alerts ?? [],
  });
  return 'done';
}

/** The store for AI calls, or null (logged once) when it cannot be used. */
export async function openAiStore(
  dataDir: string,
  log: ServiceContext['log'],
  opts: { readonly?: boolean } = {},
): Promise<Store | null> {
  const unavailable = (fields: Record<string, unknown>): null => {
    log.once(
      'ai-store',
      opts.readonly ? 'debug' : 'warn',
      'history store unavailable; AI calls are not recorded',
      fields,
    );
    return null;
  };
  try {
    const mod = await import('../store/index.ts');
    const s = mod.openStore(dataDir, { log, ...(opts.readonly ? { readonly: true } : {}) });
    if (!s.status().available) {
      s.close();
      return unavailable({});
    }
    return s;
  } catch (err) {
    return unavailable({ error: (err as Error).message });
  }
}

/** The host factory (src/host/services.ts). Always present: a reload may turn AI on or off. */
export function aiServiceFromContext(ctx: ServiceContext): Service {
  return createAiService(ctx);
}
