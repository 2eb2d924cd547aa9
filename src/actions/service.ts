// The action/notify service (src/engine/services.ts): beside the engine in the daemon and the
// TUI. Alert events become notices on every configured channel and lines in the JSON log; in
// mode 'auto' the auto-remediator acts on safe subjects. Everything is queued: the engine's
// listener only appends to arrays and returns.

import type { VigilConfig } from '../config/types.ts';
import { defaultDataDir } from '../core/paths.ts';
import type { AlertEvent, EngineEvent } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { createAutoRemediator } from './auto.ts';
import { actionDeps } from './index.ts';
import { alertmanagerNotifier } from './notifiers/alertmanager.ts';
import { type Channel, type ChannelOptions, createChannel } from './notifiers/channel.ts';
import { desktopNotifier } from './notifiers/desktop.ts';
import { alertEntry, createJsonLog, type JsonLog, logFilePath } from './notifiers/jsonlog.ts';
import { terminalNotifier, wantColor } from './notifiers/terminal.ts';
import type { Notice, Notifier } from './notifiers/types.ts';
import { webhookNotifier } from './notifiers/webhook.ts';
import { type ActionStore, openActionStore, toStoreRow } from './record.ts';
import type { ActionDeps, ActionRecord } from './types.ts';

export interface ActionServiceOptions {
  /** Channel tuning per channel name (tests shorten timeouts and backoff). */
  channelOptions?: Partial<Record<string, ChannelOptions>>;
  /** Extra notifiers (tests) added beside the configured ones. */
  extraNotifiers?: Notifier[];
  /** Decide and log auto actions without signalling (also VIGIL_AUTO_DRY_RUN=1). */
  dryRun?: boolean;
  /** Re-send firing alerts to Alertmanager this often (default 60 s). */
  alertmanagerResendMs?: number;
  /** Open the SQLite store to record actions (default true). */
  useStore?: boolean;
  /** Where the terminal channel writes (default stderr, only when it is a TTY in the daemon). */
  terminalWrite?: (text: string) => void;
}

const DEFAULTS: Record<string, ChannelOptions> = {
  terminal: { rateLimit: 60, retries: 0, timeoutMs: 2000 },
  desktop: { rateLimit: 6, maxBatch: 10, retries: 1, backoffMs: 2000, timeoutMs: 10_000 },
  webhook: { rateLimit: 10, maxBatch: 20, retries: 3, backoffMs: 1000, timeoutMs: 5000 },
  alertmanager: { rateLimit: 30, maxBatch: 100, retries: 3, backoffMs: 1000, timeoutMs: 5000 },
};

export interface ActionService extends Service {
  channels(): Channel[];
  jsonLog(): JsonLog;
  /** Notify an action taken elsewhere (TUI kill) on the channels; the decision itself is logged by requestSignal. */
  notifyAction(rec: ActionRecord): void;
  /** The auto-remediator's pending work (tests). */
  idle(): Promise<void>;
}

export function createActionService(ctx: ServiceContext, opts: ActionServiceOptions = {}): ActionService {
  let config = ctx.config;
  let engine: Engine | null = null;
  let unsubscribe: (() => void) | null = null;
  let store: ActionStore | null = null;
  let resendTimer: NodeJS.Timeout | null = null;
  const log = ctx.log;
  const jsonLog = createJsonLog({
    path: logFilePath(config.notifications.log_file, ctx.dataDir, defaultDataDir(ctx.env), ctx.env.HOME),
    log,
  });
  let channels: Channel[] = [];
  let amChannel: Channel | null = null;
  let hostname = '';

  function buildChannels(c: VigilConfig): void {
    const list: Notifier[] = [];
    const write = opts.terminalWrite ?? ((s: string) => void process.stderr.write(s));
    if (c.notifications.terminal && (opts.terminalWrite || (ctx.role === 'daemon' && process.stderr.isTTY))) {
      list.push(terminalNotifier({ write, color: opts.terminalWrite ? false : wantColor(true, ctx.env) }));
    }
    if (c.notifications.desktop) list.push(desktopNotifier({ env: ctx.env }));
    if (c.notifications.webhook_url) list.push(webhookNotifier(c.notifications.webhook_url));
    if (c.notifications.alertmanager_url) list.push(alertmanagerNotifier(c.notifications.alertmanager_url));
    list.push(...(opts.extraNotifiers ?? []));
    channels = list.map((n) =>
      createChannel(n, log, { ...DEFAULTS[n.name], ...(opts.channelOptions?.[n.name] ?? {}) }),
    );
    amChannel = channels.find((ch) => ch.name === 'alertmanager') ?? null;
  }

  // Rebuilt only when the config or the store changes (the passwd cache lives inside).
  let cachedDeps: ActionDeps | null = null;
  const deps = (): ActionDeps => {
    cachedDeps ??= actionDeps({
      config,
      log,
      activeAlerts: () => engine?.latest()?.alerts ?? [],
      jsonLog,
      ...(store
        ? { recorder: (rec: ActionRecord) => void store?.recordAction(toStoreRow(rec, config.general.mode)) }
        : {}),
    });
    return cachedDeps;
  };

  const auto = createAutoRemediator({
    deps,
    log,
    dryRun: opts.dryRun ?? ctx.env.VIGIL_AUTO_DRY_RUN === '1',
    onResult(_req, res) {
      if (res.outcome === 'done' || res.outcome === 'dry_run') {
        // The decision is already in the JSON log and the store; tell the humans too.
        const rec = {
          time: Date.now(),
          origin: 'auto',
          type: 'kill_process',
          pid: res.targets.at(-1)?.pid ?? 0,
          signal: 'SIGTERM',
          outcome: res.outcome,
          code: res.code,
          reason: res.reason,
          pids: res.pids,
          dryRun: res.outcome === 'dry_run',
        } satisfies ActionRecord;
        pushAction(rec);
      }
    },
  });

  /** An action decision as a notice on every channel (auto-remediation, TUI, CLI). */
  function pushAction(rec: ActionRecord): void {
    push({
      kind: 'action',
      time: rec.time,
      action: rec,
      suggestedCommand: null,
      hostname,
      lang: config.general.language,
    });
  }

  function push(n: Notice): void {
    for (const ch of channels) ch.push(n);
  }

  // A TUI started beside a running daemon stays quiet: the daemon already notifies, logs and
  // acts (docs/history.md "Exactly one recorder"); checked at most every 10 s.
  let quiet = false;
  let nextQuietCheck = 0;
  function isQuiet(): boolean {
    if (ctx.role !== 'tui' || !store?.recorderInfo) return false;
    const now = Date.now();
    if (now < nextQuietCheck) return quiet;
    nextQuietCheck = now + 10_000;
    let info: { pid: number; role: string; alive: boolean } | null = null;
    try {
      info = store.recorderInfo();
    } catch {
      info = null;
    }
    const next = info?.alive === true && info.pid !== process.pid && info.role === 'daemon';
    if (next !== quiet) {
      log.info(
        next
          ? 'a daemon is running: notifications and auto actions left to it'
          : 'notifying from this process',
        {
          daemonPid: info?.pid ?? null,
        },
      );
    }
    quiet = next;
    return quiet;
  }

  function onAlert(ev: AlertEvent): void {
    if (isQuiet()) return;
    jsonLog.write(alertEntry(ev));
    const suggested = config.general.mode === 'observe' ? null : ev.alert.suggestedCommand;
    push({
      kind: ev.event,
      time: ev.time,
      alert: ev.alert,
      suggestedCommand: suggested,
      hostname,
      lang: config.general.language,
    });
  }

  function onEvent(e: EngineEvent): void {
    if (e.type === 'snapshot') {
      hostname = e.snapshot.hostname;
      if (!isQuiet()) auto.onSnapshot(e.snapshot);
    } else if (e.type === 'alert') onAlert(e.alert);
  }

  function resend(): void {
    if (!amChannel || isQuiet()) return;
    for (const a of engine?.latest()?.alerts ?? []) {
      if (a.state !== 'firing') continue;
      amChannel.push({
        kind: 'fired',
        time: Date.now(),
        alert: a,
        suggestedCommand: config.general.mode === 'observe' ? null : a.suggestedCommand,
        hostname,
        lang: config.general.language,
      });
    }
  }

  return {
    name: 'actions',
    async start(eng) {
      engine = eng;
      if (opts.useStore !== false) store = await openActionStore(ctx.dataDir, log);
      cachedDeps = null;
      buildChannels(config);
      unsubscribe = eng.subscribe(onEvent);
      resendTimer = setInterval(resend, opts.alertmanagerResendMs ?? 60_000);
      resendTimer.unref();
    },
    async stop() {
      unsubscribe?.();
      if (resendTimer) clearInterval(resendTimer);
      await Promise.race([auto.idle(), new Promise((r) => setTimeout(r, 500))]);
      await Promise.all(channels.map((ch) => ch.stop(800)));
      await jsonLog.flush();
      store?.close();
      store = null;
    },
    reload(next) {
      const changed = JSON.stringify(next.notifications) !== JSON.stringify(config.notifications);
      config = next;
      cachedDeps = null;
      if (changed) {
        const old = channels;
        buildChannels(config);
        for (const ch of old) void ch.stop(1000);
      }
    },
    channels: () => channels,
    jsonLog: () => jsonLog,
    notifyAction: pushAction,
    idle: () => auto.idle(),
  };
}

/** The host factory (src/host/services.ts). */
export function actionServiceFromContext(ctx: ServiceContext): Service {
  return createActionService(ctx);
}
