// Carrying out the reducer's effects: quit and redraw at once, the rest through the ports, whose
// results are folded back into the state with the reducer's own `…Finished` transitions.
import type { VigilConfig } from '../src/config/types.ts';
import type { Alert } from '../src/core/types.ts';
import {
  applyFinished,
  type Effect,
  type ExplainAction,
  type ExplainView,
  explainFinished,
  type KillResultView,
  killFinished,
  type ProcessTarget,
  type SignalName,
  type UiState,
} from './state.ts';
import type { AiState } from './status.ts';

/** What the app may ask of the outside world. Every call is async and must never throw. */
export interface Ports {
  kill(target: ProcessTarget, signal: SignalName): Promise<KillResultView>;
  explain(subject: { pid: number; startTicks: number } | { alert: Alert }): Promise<ExplainView>;
  apply(
    action: ExplainAction,
    subject: { pid: number; startTicks: number } | { alert: Alert },
  ): Promise<string>;
  /** Re-read the config file; returns the message for the status line. */
  reload(): Promise<{ config: VigilConfig | null; message: string }>;
  aiState(): AiState;
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
}

/** When the explain modal on show was opened: a late answer for an older one is dropped. */
function explainStartedAt(state: UiState): number {
  const m = state.modal;
  return m?.kind === 'explain' ? m.startedAt : 0;
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
        deps.update((s) => ({ ...s, message }));
      });
      return;
    case 'kill':
      void deps.ports.kill(effect.target, effect.signal).then((result) => {
        deps.update((s) => killFinished(s, result));
      });
      return;
    case 'explain': {
      const startedAt = explainStartedAt(state);
      void deps.ports.explain(effect.subject).then((view) => {
        deps.update((s) => explainFinished(s, startedAt, view));
      });
      return;
    }
    case 'apply': {
      const startedAt = explainStartedAt(state);
      void deps.ports.apply(effect.action, effect.subject).then((text) => {
        deps.update((s) => applyFinished(s, startedAt, text));
      });
      return;
    }
  }
}
