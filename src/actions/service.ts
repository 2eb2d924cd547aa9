// The action/notify service (src/engine/services.ts): beside the engine in the daemon and the
// TUI. Alert events become notices on every configured channel and lines in the JSON log; in
// mode 'auto' the auto-remediator acts on safe subjects. Everything is queued: the engine's
// listener only appends to arrays and returns. The parts: channels.ts (which notifiers),
// routing.ts and notices.ts (event → notice), quiet.ts (a TUI beside a daemon), auto.ts (mode
// auto), record.ts (the store).

import type { VigilConfig } from '../config/types.ts';
import { defaultDataDir, logFilePath } from '../core/paths.ts';
import type { Logger } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { createAutoRemediator } from './auto.ts';
import { type ChannelTuning, createChannelSet } from './channels.ts';
import { actionDeps } from './index.ts';
import { actionNotice } from './notices.ts';
import type { Channel } from './notifiers/channel.ts';
import { createJsonLog, type JsonLog } from './notifiers/jsonlog.ts';
import { quietGate } from './quiet.ts';
import { type ActionStore, openActionStore, toStoreRow } from './record.ts';
import { createRouter } from './routing.ts';
import type { ActionDeps, ActionRecord } from './types.ts';

export interface ActionServiceOptions extends ChannelTuning {
  /** Decide and log auto actions without signalling (also VIGIL_AUTO_DRY_RUN=1). */
  dryRun?: boolean;
  /** Re-send firing alerts to Alertmanager this often (default 60 s). */
  alertmanagerResendMs?: number;
  /** Open the SQLite store to record actions (default true). */
  useStore?: boolean;
}

export interface ActionService extends Service {
  channels(): Channel[];
  jsonLog(): JsonLog;
  /** Notify an action taken elsewhere (TUI kill) on the channels; the decision itself is logged by requestSignal. */
  notifyAction(rec: ActionRecord): void;
  /** The auto-remediator's pending work (tests). */
  idle(): Promise<void>;
}

interface ServiceState {
  config: VigilConfig;
  engine: Engine | null;
  store: ActionStore | null;
  hostname: string;
}

/**
 * The ActionDeps of the service's own actions, every decision recorded in the store when there is
 * one. Rebuilt only when the config or the store changes (the passwd cache lives inside).
 */
function depsCache(state: ServiceState, log: Logger, jsonLog: JsonLog): { get(): ActionDeps; reset(): void } {
  let cached: ActionDeps | null = null;
  return {
    get() {
      cached ??= actionDeps({
        config: state.config,
        log,
        activeAlerts: () => state.engine?.latest()?.alerts ?? [],
        jsonLog,
        ...(state.store
          ? {
              recorder: (rec: ActionRecord) =>
                void state.store?.recordAction(toStoreRow(rec, state.config.general.mode)),
            }
          : {}),
      });
      return cached;
    },
    reset() {
      cached = null;
    },
  };
}

export function createActionService(ctx: ServiceContext, opts: ActionServiceOptions = {}): ActionService {
  const state: ServiceState = { config: ctx.config, engine: null, store: null, hostname: '' };
  const log = ctx.log;
  const jsonLog = createJsonLog({
    path: logFilePath(
      state.config.notifications.log_file,
      ctx.dataDir,
      defaultDataDir(ctx.env),
      ctx.env.HOME,
    ),
    log,
  });
  const channels = createChannelSet(ctx, log, opts);
  const deps = depsCache(state, log, jsonLog);
  /** An action decision as a notice on every channel (auto-remediation, TUI, CLI). */
  const pushAction = (rec: ActionRecord) => channels.push(actionNotice(rec, state.config, state.hostname));
  const auto = createAutoRemediator({
    deps: deps.get,
    log,
    dryRun: opts.dryRun ?? ctx.env.VIGIL_AUTO_DRY_RUN === '1',
    onResult(res) {
      // Tell the humans what was done (or would have been, in a dry run); refusals are only logged.
      if (res.outcome !== 'refused' && res.outcome !== 'failed') pushAction(res.record);
    },
  });
  const quiet = quietGate({ role: ctx.role, log, store: () => state.store });
  const router = createRouter({ state, jsonLog, channels, quiet, auto });
  let unsubscribe: (() => void) | null = null;
  let resendTimer: NodeJS.Timeout | null = null;

  return {
    name: 'actions',
    async start(eng) {
      state.engine = eng;
      if (opts.useStore !== false) state.store = await openActionStore(ctx.dataDir, log);
      deps.reset();
      channels.build(state.config);
      unsubscribe = eng.subscribe(router.onEvent);
      resendTimer = setInterval(router.resend, opts.alertmanagerResendMs ?? 60_000);
      resendTimer.unref();
    },
    async stop() {
      unsubscribe?.();
      if (resendTimer) clearInterval(resendTimer);
      await Promise.race([auto.idle(), new Promise((r) => setTimeout(r, 500))]);
      await channels.stop(800);
      await jsonLog.flush();
      state.store?.close();
      state.store = null;
    },
    reload(next) {
      const prev = state.config;
      state.config = next;
      deps.reset();
      channels.reload(prev, next);
    },
    channels: () => channels.list(),
    jsonLog: () => jsonLog,
    notifyAction: pushAction,
    idle: () => auto.idle(),
  };
}

/** The host factory (src/host/services.ts). */
export function actionServiceFromContext(ctx: ServiceContext): Service {
  return createActionService(ctx);
}
