// The AI service (src/engine/services.ts) in the daemon and the TUI: on a NEW fired alert only
// (never on every tick, never for resolved alerts), within the cooldown and the daily cap, asks
// Claude about the situation, writes an `ai` event to the JSON log (SPEC §5), records the call
// (tokens, cost) in the store. The answer is advice: in mode 'auto' its kill_process actions go to
// the actions policy gate (requestSignal, origin 'ai'), and nothing else is ever run — `custom`
// commands are refused and logged.

import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { defaultDataDir } from '../core/paths.ts';
import type { Alert, AlertEvent, Clock, EngineEvent, KernelEvent, Snapshot } from '../core/types.ts';
import { emptySnapshot } from '../engine/derive.ts';
import type { Engine } from '../engine/engine.ts';
import { Lineage } from '../engine/lineage.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { t } from '../i18n/index.ts';
import type { ActionRecordStore, AiCallStore, RecorderLock, Store } from '../store/index.ts';
import type { AiCallRecord } from '../store/types.ts';
import { createBudget, DAY_MS } from './budget.ts';
import { type AiClient, type AiResult, apiKeyFrom, createAiClient } from './client.ts';
import { type AncestorFact, abnormalLines, buildAlertPrompt } from './context.ts';
import { explainAlertLocally } from './local.ts';
import type { RedactOptions } from './redact.ts';
import type { AiAction } from './schema.ts';

/** The store calls this service uses (docs/history.md). */
export type AiStore = Pick<AiCallStore, 'recordAiCall' | 'aiCallsSince'> &
  Pick<ActionRecordStore, 'recordAction'> &
  Pick<Store, 'close'> &
  Partial<Pick<RecorderLock, 'recorderInfo'>>;

export interface JsonLine {
  write(entry: Record<string, unknown>): void;
  flush?(): Promise<void>;
}

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

/** How a client outcome is stored (the store's outcome vocabulary). */
export function storeOutcome(res: AiResult): 'ok' | 'timeout' | 'invalid' | 'error' {
  if (res.ok) return 'ok';
  if (res.reason === 'timeout') return 'timeout';
  if (['malformed', 'off_schema', 'refused', 'truncated'].includes(res.reason)) return 'invalid';
  return 'error';
}

/** The store's record of one call: tokens, latency, cost and outcome (docs/history.md). */
export function aiCallRecord(
  res: AiResult,
  call: { time: number; purpose: 'alert' | 'explain'; model: string; pid?: number; alertId?: string },
): AiCallRecord {
  const stats = res.stats;
  return {
    ...call,
    inputTokens: stats?.usage.inputTokens ?? 0,
    outputTokens: stats?.usage.outputTokens ?? 0,
    latencyMs: stats?.latencyMs ?? 0,
    outcome: storeOutcome(res),
    ...(stats?.costUsd != null ? { costUsd: stats.costUsd } : {}),
    ...(res.ok ? {} : { error: `${res.reason}: ${res.detail}` }),
  };
}

/** User and host names to mask when ai.anonymize is on. */
export function redactionFor(
  config: VigilConfig,
  snapshot: Snapshot | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RedactOptions {
  if (!config.ai.anonymize) return { anonymize: false };
  const users = new Set<string>();
  for (const p of snapshot?.processes ?? [])
    if (p.uid >= 1000 && p.user && !/^\d+$/.test(p.user)) users.add(p.user);
  const me = env.USER || env.LOGNAME;
  if (me) users.add(me);
  return { anonymize: true, users: [...users], hosts: snapshot?.hostname ? [snapshot.hostname] : [] };
}

export function createAiService(ctx: ServiceContext, opts: AiServiceOptions = {}): AiService {
  const log = ctx.log;
  const clock = opts.clock ?? realClock;
  let config = ctx.config;
  let engine: Engine | null = null;
  let unsubscribe: (() => void) | null = null;
  let store: AiStore | null = opts.store ?? null;
  let ownStore = false;
  let jsonLog: JsonLine | null = opts.jsonLog ?? null;
  // The analyzer's lineage memory when the engine carries one (src/host/compose.ts), else ours.
  let lineage = new Lineage();
  let ownLineage = true;
  const kernel: KernelEvent[] = [];
  const queue: AlertEvent[] = [];
  const maxQueue = opts.maxQueue ?? 5;
  let running: Promise<void> | null = null;
  const budget = createBudget({
    clock,
    cooldownSecs: config.ai.cooldown_secs,
    maxCallsPerDay: config.ai.max_calls_per_day,
  });
  const client = () =>
    opts.client ??
    createAiClient({ ai: config.ai, env: ctx.env, timeoutMs: opts.timeoutMs ?? 30_000, maxRetries: 2 });

  function lineageOf(p: Snapshot['processes'][number]): AncestorFact[] | undefined {
    const e = lineage.of(p);
    if (!e) return undefined;
    return e.ancestors
      .filter((a) => a.startTicks >= 0 || a.name)
      .map((a) => ({ pid: a.pid, name: a.name, cmdline: a.cmdline, alive: lineage.isAlive(a) }));
  }

  function onEvent(e: EngineEvent): void {
    // Off (it can be turned on by a reload): nothing is remembered, nothing is called.
    if (!config.ai.enabled) return;
    if (e.type === 'snapshot') {
      if (ownLineage) lineage.update(e.snapshot.processes, Date.parse(e.snapshot.time));
      const abnormal = abnormalLines(e.snapshot.kernelEvents ?? []);
      if (abnormal.length) {
        kernel.push(...abnormal);
        if (kernel.length > 50) kernel.splice(0, kernel.length - 50);
      }
      return;
    }
    // Only a NEW firing alert: resolved events and ticks never call the AI.
    if (e.type !== 'alert' || e.alert.event !== 'fired') return;
    if (queue.length >= maxQueue) {
      log.warn('ai queue full; alert left to the local explanation', {
        alertId: e.alert.alert.id,
        rule: e.alert.alert.rule,
      });
      return;
    }
    queue.push(e.alert);
    kick();
  }

  function kick(): void {
    if (running) return;
    running = (async () => {
      while (queue.length) {
        const ev = queue.shift()!;
        try {
          await handle(ev);
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

  function entryBase(alert: Alert): Record<string, unknown> {
    return { time: new Date(clock.now()).toISOString(), event: 'ai', ...alert };
  }

  let io: Promise<void> | null = null;
  /** The store (budget seed, call records) and the JSON log, opened once, when first needed. */
  function openIo(): Promise<void> {
    io ??= (async () => {
      if (opts.store === undefined) {
        store = await openAiStore(ctx.dataDir, log);
        ownStore = store !== null;
      }
      if (!jsonLog) {
        const { createJsonLog, logFilePath } = await import('../actions/notifiers/jsonlog.ts');
        jsonLog = createJsonLog({
          path: logFilePath(
            config.notifications.log_file,
            ctx.dataDir,
            defaultDataDir(ctx.env),
            ctx.env.HOME,
          ),
          log,
        });
      }
      // Calls made before a restart (or by `vigil explain`) still count.
      budget.merge(store ? callTimes(store, clock.now()) : []);
    })();
    return io;
  }

  async function handle(ev: AlertEvent): Promise<void> {
    await openIo();
    const alert = ev.alert;
    const lang = config.general.language;
    const snapshot = engine?.latest();
    const local = explainAlertLocally(alert, snapshot, lang);
    if (!apiKeyFrom(config.ai, ctx.env)) {
      log.once('ai-no-key', 'warn', 'AI is enabled but its key is not set; local explanations only', {
        env: config.ai.api_key_env,
      });
      return;
    }
    // A `vigil watch` beside a running daemon leaves alert calls to the daemon (one call per
    // alert, not one per Vigil process); its explain modal still asks on request.
    if (ctx.role === 'tui') {
      const rec = safeRecorder(store);
      if (rec?.alive && rec.pid !== process.pid) {
        log.debug('ai: the recording daemon handles this alert', { alertId: alert.id, daemonPid: rec.pid });
        return;
      }
    }
    // Calls made meanwhile by another process (`vigil explain`) count too.
    if (store) budget.merge(callTimes(store, clock.now()));
    const decision = budget.acquire();
    const calledAt = clock.now();
    if (!decision.ok) {
      log.info('ai call skipped', {
        alertId: alert.id,
        rule: alert.rule,
        reason: decision.reason,
        retryInSecs: Math.ceil(decision.retryInMs / 1000),
      });
      store?.recordAiCall({
        time: clock.now(),
        purpose: 'alert',
        model: config.ai.model,
        alertId: alert.id,
        inputTokens: 0,
        outputTokens: 0,
        latencyMs: 0,
        outcome: 'skipped',
        error: decision.reason,
      });
      return;
    }
    const others = (snapshot?.alerts ?? []).filter((a) => a.state === 'firing' && a.id !== alert.id);
    const prompt = buildAlertPrompt({
      snapshot: snapshot ?? emptySnapshot(),
      alerts: [alert, ...others],
      ...(ev.details ? { details: ev.details } : {}),
      kernelEvents: kernel,
      lineageOf,
      language: lang,
      redaction: redactionFor(config, snapshot, ctx.env),
    });
    const res = await client().diagnose(prompt);
    const stats = res.stats;
    // Stored with the time the budget counted, so re-reading the store does not count it twice.
    store?.recordAiCall(
      aiCallRecord(res, { time: calledAt, purpose: 'alert', model: config.ai.model, alertId: alert.id }),
    );
    const usage = {
      model: config.ai.model,
      inputTokens: stats?.usage.inputTokens ?? 0,
      outputTokens: stats?.usage.outputTokens ?? 0,
      costUsd: stats?.costUsd ?? null,
      latencyMs: stats?.latencyMs ?? 0,
    };
    if (!res.ok) {
      log.warn('ai call failed; local explanation used', {
        alertId: alert.id,
        reason: res.reason,
        detail: res.detail,
      });
      jsonLog?.write({
        ...entryBase(alert),
        ai: { outcome: 'fallback', reason: res.reason, detail: res.detail, explanation: local, ...usage },
      });
      return;
    }
    const a = res.answer;
    log.info('ai diagnosis', {
      alertId: alert.id,
      rule: alert.rule,
      severity: a.severity,
      actions: a.actions.map((x) => `${x.type}:${x.target}`),
      ...usage,
    });
    jsonLog?.write({
      ...entryBase(alert),
      ai: {
        outcome: 'ok',
        diagnostic: a.diagnostic,
        severity: a.severity,
        actions: a.actions,
        prevention: a.prevention,
        explanation: local,
        ...usage,
      },
    });
    if (config.general.mode === 'auto') await act(alert, a.actions);
  }

  function refuse(alert: Alert, action: AiAction, code: string, reason: string): void {
    log.warn('ai action refused', {
      alertId: alert.id,
      type: action.type,
      target: action.target,
      code,
      reason,
    });
    jsonLog?.write({
      time: new Date(clock.now()).toISOString(),
      event: 'action',
      ...alert,
      action: {
        type: action.type,
        target: action.target,
        outcome: 'refused',
        code,
        reason,
        origin: 'ai',
        command: action.command,
        alertId: alert.id,
      },
    });
    store?.recordAction({
      time: clock.now(),
      type: action.type,
      source: 'auto',
      mode: config.general.mode,
      outcome: 'refused',
      reason,
      alertId: alert.id,
      details: { code, origin: 'ai', target: action.target, command: action.command },
    });
  }

  /** Mode 'auto': kill_process through the policy gate; everything else refused and logged. */
  async function act(alert: Alert, actions: AiAction[]): Promise<void> {
    const lang = config.general.language;
    for (const action of actions) {
      if (action.type === 'custom') {
        refuse(alert, action, 'custom_never_run', t(lang, 'ai.action.custom_refused'));
        continue;
      }
      if (action.type !== 'kill_process') {
        refuse(alert, action, 'advice_only', t(lang, 'ai.action.advice_only'));
        continue;
      }
      if (!/^\d+$/.test(action.target.trim())) {
        refuse(alert, action, 'bad_target', t(lang, 'ai.action.bad_target'));
        continue;
      }
      if (action.risk !== 'safe') {
        refuse(alert, action, 'not_safe', t(lang, 'ai.action.not_safe', { risk: action.risk }));
        continue;
      }
      try {
        const actions = await import('../actions/index.ts');
        const deps = actions.actionDeps({
          config,
          log,
          activeAlerts: () => engine?.latest()?.alerts ?? [],
          ...(jsonLog ? { jsonLog } : {}),
        });
        // The gate decides (PID 1, protected, self/ancestors, other users, not a subject, not
        // safe, PID reuse) and writes its own `action` line with the reason, done or refused.
        const r = await actions.requestSignal(
          { pid: Number(action.target), origin: 'ai', alertId: alert.id, signal: 'SIGTERM' },
          deps,
        );
        log.info('ai kill_process decided by the policy', {
          alertId: alert.id,
          pid: Number(action.target),
          outcome: r.outcome,
          code: r.code,
        });
      } catch (err) {
        log.error('actions policy unavailable; AI kill refused', { error: (err as Error).message });
      }
    }
  }

  return {
    name: 'ai',
    async start(eng) {
      engine = eng;
      const shared = eng.analyzer?.lineage;
      if (shared) {
        lineage = shared;
        ownLineage = false;
      }
      // AI off: nothing is opened (a reload that turns it on opens it on the first alert).
      if (config.ai.enabled) await openIo();
      unsubscribe = eng.subscribe(onEvent);
    },
    async stop() {
      unsubscribe?.();
      queue.length = 0;
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 1000))]);
      await jsonLog?.flush?.();
      if (ownStore) store?.close();
      store = null;
    },
    reload(next) {
      config = next;
      budget.setLimits(next.ai.cooldown_secs, next.ai.max_calls_per_day);
    },
    async idle() {
      while (running) await running;
    },
  };
}

function safeRecorder(store: AiStore | null): { pid: number; alive: boolean } | null {
  try {
    return store?.recorderInfo?.() ?? null;
  } catch {
    return null;
  }
}

/** Times of the AI calls (not the skipped ones) recorded in the last 24 hours. */
export function callTimes(store: AiStore, now: number): number[] {
  try {
    return store
      .aiCallsSince(now - DAY_MS)
      .filter((c) => c.outcome !== 'skipped' && typeof c.time === 'number')
      .map((c) => c.time as number);
  } catch {
    return [];
  }
}

/** The store for AI calls, or null (logged once) when it cannot be used. */
export async function openAiStore(
  dataDir: string,
  log: ServiceContext['log'],
  opts: { readonly?: boolean } = {},
): Promise<Store | null> {
  try {
    const mod = await import('../store/index.ts');
    const s = mod.openStore(dataDir, { log, ...(opts.readonly ? { readonly: true } : {}) });
    if (!s.status().available) {
      s.close();
      log.once(
        'ai-store',
        opts.readonly ? 'debug' : 'warn',
        'history store unavailable; AI calls are not recorded',
        {},
      );
      return null;
    }
    return s;
  } catch (err) {
    log.once(
      'ai-store',
      opts.readonly ? 'debug' : 'warn',
      'history store unavailable; AI calls are not recorded',
      {
        error: (err as Error).message,
      },
    );
    return null;
  }
}

/** The host factory (src/host/services.ts). Always present: a reload may turn AI on or off. */
export function aiServiceFromContext(ctx: ServiceContext): Service {
  return createAiService(ctx);
}
