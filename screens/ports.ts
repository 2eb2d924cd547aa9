// The TUI's doors to the rest of Vigil: signals only through the actions policy gate
// (requestSignal, origin 'tui', with the start time the screen saw; each recorded in the action
// ledger, as are renices and group actions), explanations through the explain use case. Every
// port resolves (never rejects), so the screen can never crash on them.
import { requestGroupSignal } from '../src/actions/group.ts';
import { type ActionDeps, actionDeps, requestSignal, type SignalRequest } from '../src/actions/index.ts';
import { type Ledger, openLedger } from '../src/actions/ledger.ts';
import { apiKeyFrom } from '../src/ai/client.ts';
import type { ExplainStore } from '../src/ai/explain.ts';
import type { VigilConfig } from '../src/config/types.ts';
import type { Logger, Snapshot } from '../src/core/types.ts';
import { t } from '../src/i18n/index.ts';
import type { Ports } from './effects.ts';
import { GROUP_WAIT_MS, groupView } from './ports-group.ts';
import { procPorts } from './ports-proc.ts';
import { replayPort } from './replay-port.ts';
import type { ExplainView, KillResultView } from './state.ts';
import type { AiState } from './status.ts';

export interface PortsOptions {
  config: () => VigilConfig;
  engine: { latest(): Snapshot | undefined };
  log: Logger;
  env: NodeJS.ProcessEnv;
  reload: Ports['reload'];
  /** Where the store lives (AI budget and call records, process history for explain). */
  dataDir?: string;
  /** How long to wait for a process to exit after SIGTERM-like signals (default 2000 ms). */
  waitMs?: number;
  /** How long a group action re-checks its members after the signal (default 5000 ms). */
  groupWaitMs?: number;
}

export function aiStateOf(config: VigilConfig, hasKey: boolean, pending: number, failed: boolean): AiState {
  if (!config.ai.enabled) return 'off';
  if (!hasKey) return 'no_key';
  if (pending > 0) return 'waiting';
  return failed ? 'error' : 'ready';
}

export function createPorts(opts: PortsOptions): Ports {
  let aiPending = 0;
  let aiFailed = false;
  // The store is opened on the first explanation and kept for the session.
  let store: ExplainStore | null | undefined;
  const lang = () => opts.config().general.language;
  const replay = replayPort({ dataDir: opts.dataDir, config: opts.config, log: opts.log });
  // The key may be in the keyring (a child process to ask): looked up once per config, not per frame.
  let keyFor: { config: VigilConfig; present: boolean } | null = null;
  const hasKey = (): boolean => {
    const config = opts.config();
    if (!config.ai.enabled) return false;
    if (keyFor?.config !== config) keyFor = { config, present: apiKeyFrom(config.ai, opts.env) !== null };
    return keyFor.present;
  };

  // The action ledger (history), opened on the first kill and kept for the session.
  let ledger: Promise<Ledger | null> | undefined;
  async function deps(): Promise<ActionDeps> {
    ledger ??= opts.dataDir
      ? openLedger(opts.dataDir, opts.log, () => opts.config().general.mode)
      : Promise.resolve(null);
    const book = await ledger;
    return actionDeps({
      config: opts.config(),
      log: opts.log,
      activeAlerts: () => opts.engine.latest()?.alerts ?? [],
      ...(book ? { recorder: (rec) => book.record(rec) } : {}),
    });
  }
  const unavailable = (err: unknown): KillResultView => ({
    ok: false,
    outcome: 'failed',
    reason: t(lang(), 'tui.kill.unavailable', { error: (err as Error).message }),
  });
  async function signal(req: SignalRequest): Promise<KillResultView> {
    try {
      const r = await requestSignal({ waitMs: opts.waitMs ?? 2000, ...req }, await deps());
      const still = r.stillRunning.length ? ` (${r.stillRunning.join(' ')} still running)` : '';
      const ok = r.outcome !== 'refused' && r.outcome !== 'failed' && r.outcome !== 'still_running';
      return { ok, outcome: r.outcome, reason: r.reason + still };
    } catch (err) {
      return unavailable(err);
    }
  }

  return {
    kill: (target, sig) =>
      signal({ pid: target.pid, startTicks: target.startTicks, signal: sig, origin: 'tui' }),
    async killGroup(group, targets, sig) {
      try {
        const r = await requestGroupSignal(
          {
            members: targets.map((m) => ({ pid: m.pid, startTicks: m.startTicks })),
            signal: sig,
            origin: 'tui',
            alertId: group.alertId,
            waitMs: opts.groupWaitMs ?? GROUP_WAIT_MS,
          },
          await deps(),
        );
        return groupView(r, targets, lang(), group.alertId);
      } catch (err) {
        const failed = unavailable(err);
        return { results: targets.map(() => failed), summary: failed.reason };
      }
    },
    async explain(subject): Promise<ExplainView> {
      aiPending++;
      try {
        const { explainForTui } = await import('./explain-port.ts');
        if (store === undefined) {
          const { openAiStore } = await import('../src/ai/service.ts');
          store = opts.dataDir ? ((await openAiStore(opts.dataDir, opts.log)) as ExplainStore | null) : null;
        }
        const view = await explainForTui(subject, {
          config: opts.config(),
          snapshot: opts.engine.latest(),
          log: opts.log,
          env: opts.env,
          store,
        });
        aiFailed = view.note !== null;
        return view;
      } catch (err) {
        aiFailed = true;
        opts.log.warn('explain failed', { error: (err as Error).message });
        return {
          source: 'local',
          title: '',
          diagnostic: t(lang(), 'tui.explain.unavailable', { error: (err as Error).message }),
          severity: null,
          facts: [],
          actions: [],
          prevention: '',
          note: null,
        };
      } finally {
        aiPending--;
      }
    },
    async apply(action, subject) {
      // An AI proposal, confirmed by the user on a question built from /proc (the real pid, name
      // and signal of action.check), never from the model's text. It goes as origin 'ai': the
      // actions path refuses any target that is neither the process explained nor a subject of
      // the alert explained, whatever the model wrote; VIGIL_AUTO_DRY_RUN applies.
      const target = action.check?.kind === 'kill' ? action.check.target : null;
      if (!target) return t(lang(), 'tui.explain.notApplicable');
      const r = await signal({
        pid: target.pid,
        startTicks: target.startTicks,
        signal: target.signal,
        origin: 'ai',
        confirmed: true,
        ...('alert' in subject
          ? { alertId: subject.alert.id, explainedPid: subject.alert.subject.pids[0] ?? 0 }
          : { explainedPid: subject.pid }),
      });
      return `${r.outcome}: ${r.reason}`;
    },
    ...procPorts({ config: opts.config, log: opts.log, deps }),
    reload: opts.reload,
    aiState: () => aiStateOf(opts.config(), hasKey(), aiPending, aiFailed),
    replay,
    close() {
      store?.close();
      store = null;
      replay.close();
      void ledger?.then((l) => l?.close());
      ledger = undefined;
    },
  };
}
