// Carrying out the reducer's effects: quit and redraw at once, the rest through the ports, whose
// results are folded back into the state with the reducer's own `…Finished` transitions.
import type { VigilConfig } from '../src/config/types.ts';
import type { Alert } from '../src/core/types.ts';
import { groupMessage } from './group-kill.ts';
import type { HistoryData } from './history.ts';
import type {
  AlertGroup,
  Effect,
  ExplainAction,
  ExplainView,
  KillResultView,
  ProcessTarget,
  SignalName,
  UiState,
} from './model.ts';
import type { ThreadInfo } from './processes.ts';
import { applyFinished, explainFinished, killFinished } from './reduce-modal.ts';
import { NO_SIGNAL } from './reduce-replay.ts';
import type { ReplayPort, ReplayView } from './replay-port.ts';
import type { AiState } from './status.ts';

/** What a renice did: the outcome and reason (the policy's, or the system's), as for a kill. */
export interface ReniceResultView extends KillResultView {
  /** The nice value before and after, when it changed. */
  from?: number;
  to?: number;
}

/** What a group action did: one result per target (in the dialog's order) and the whole. */
export interface GroupKillView {
  results: KillResultView[];
  /** One line for the status line: how many were signalled, gone, refused, memory freed. */
  summary: string;
}

/** What the app may ask of the outside world. Every call is async and must never throw. */
export interface Ports {
  kill(target: ProcessTarget, signal: SignalName): Promise<KillResultView>;
  /** An alert's group as ONE action (src/actions/group.ts): explicit pids, start times re-checked. */
  killGroup(group: AlertGroup, targets: readonly ProcessTarget[], signal: SignalName): Promise<GroupKillView>;
  /** Change the nice value by `delta` (F7: -1, F8: +1), through the same policy as a kill. */
  renice?(target: ProcessTarget, delta: number): Promise<ReniceResultView>;
  /** The user threads (all but the main one) of each process asked for. */
  threads?(pids: readonly number[]): Promise<Map<number, ThreadInfo[]>>;
  explain(subject: { pid: number; startTicks: number } | { alert: Alert }): Promise<ExplainView>;
  apply(
    action: ExplainAction,
    subject: { pid: number; startTicks: number } | { alert: Alert },
  ): Promise<string>;
  /** Re-read the config file; returns the message for the status line. */
  reload(): Promise<{ config: VigilConfig | null; message: string }>;
  aiState(): AiState;
  /** Recorded history (replay mode), when there is a data dir. */
  replay?: ReplayPort;
  /** Release what the ports opened (the store). */
  close?(): void;
}

export interface EffectDeps {
  ports: Ports;
  quit(): void;
  redraw(): void;
  setConfig(config: VigilConfig): void;
  /** Fold a result into the state as it is by then, and render. */
  update(change: (state: UiState) => UiState): void;
  /** A recorded moment arrived (or a reason there is none; null: live again), for the screen to show. */
  replayed(result: ReplayView | { message: string } | null): void;
  /** The history view's data arrived (or a reason there is none). */
  historyLoaded(result: HistoryData | { message: string }): void;
}

/** When the explain modal on show was opened: a late answer for an older one is dropped. */
function explainStartedAt(state: UiState): number {
  const m = state.modal;
  return m?.kind === 'explain' ? m.startedAt : 0;
}

/** One after the other, so the results come back in the order of the list the user confirmed. */
async function each<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

/** The status line after a renice: the one result, or counts and the first refusal. */
function reniceMessage(
  targets: readonly ProcessTarget[],
  results: readonly ReniceResultView[],
): Pick<UiState, 'message' | 'messageParams'> {
  if (results.length === 1)
    return { message: `${targets[0]!.pid}: ${results[0]!.reason}`, messageParams: {} };
  const done = results.filter((r) => r.ok).length;
  const firstNo = results.findIndex((r) => !r.ok);
  const detail = firstNo >= 0 ? ` — ${targets[firstNo]!.pid}: ${results[firstNo]!.reason}` : '';
  return { message: 'tui.renice.many', messageParams: { done, n: results.length, detail } };
}

/** Run `effect`, issued by the step that led to `state`. */
export function runEffect(effect: Effect, state: UiState, deps: EffectDeps): void {
  switch (effect.type) {
    case 'quit':
      deps.quit();
      return;
    case 'redraw':
      deps.redraw();
      return;
    case 'reload':
      void deps.ports.reload().then(({ config, message }) => {
        if (config) deps.setConfig(config);
        deps.update((s) => ({ ...s, message, messageParams: {} }));
      });
      return;
    case 'kill':
      // The reducer refuses in replay already; a signal is never sent from a recorded moment.
      if (state.replay) {
        deps.update((s) => ({ ...s, modal: null, message: NO_SIGNAL }));
        return;
      }
      void each(effect.targets, (t) => deps.ports.kill(t, effect.signal)).then((results) => {
        deps.update((s) => killFinished(s, results));
      });
      return;
    case 'kill_group': {
      if (state.replay) {
        deps.update((s) => ({ ...s, modal: null, message: NO_SIGNAL }));
        return;
      }
      void deps.ports.killGroup(effect.group, effect.targets, effect.signal).then((r) => {
        deps.update((s) => ({
          ...killFinished(s, r.results),
          ...groupMessage(effect.targets, r.results, r.summary),
        }));
      });
      return;
    }
    case 'renice': {
      const renice = deps.ports.renice;
      if (!renice || state.replay) return;
      void each(effect.targets, (t) => renice(t, effect.delta)).then((results) => {
        deps.update((s) => ({ ...s, ...reniceMessage(effect.targets, results) }));
      });
      return;
    }
    case 'explain': {
      const startedAt = explainStartedAt(state);
      const replay = state.replay ? deps.ports.replay : undefined;
      const answer = replay ? replay.explain(effect.subject) : deps.ports.explain(effect.subject);
      void answer.then((view) => {
        deps.update((s) => explainFinished(s, startedAt, view));
      });
      return;
    }
    case 'replay': {
      const port = deps.ports.replay;
      if (effect.move.kind === 'live') deps.replayed(null);
      else if (!port) {
        deps.replayed({ message: 'replay.tui.unavailable' });
      } else void port.move(effect.move, state.replay?.time ?? null).then((r) => deps.replayed(r));
      return;
    }
    case 'history': {
      const port = deps.ports.replay;
      if (!port) deps.historyLoaded({ message: 'replay.tui.unavailable' });
      else void port.history(effect.from, effect.to).then((r) => deps.historyLoaded(r));
      return;
    }
    case 'apply': {
      if (state.replay) {
        deps.update((s) => ({ ...s, message: NO_SIGNAL }));
        return;
      }
      const startedAt = explainStartedAt(state);
      void deps.ports.apply(effect.action, effect.subject).then((text) => {
        deps.update((s) => applyFinished(s, startedAt, text));
      });
      return;
    }
  }
}
