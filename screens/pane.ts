// What every pane renderer gets: the latest snapshot, recent history, a theme and a translator.
import type { Snapshot } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import type { Theme } from './theme.ts';

export interface PaneInput {
  snapshot: Snapshot | undefined;
  /** Oldest first; system-level figures only for all but the last. */
  history: readonly Snapshot[];
  theme: Theme;
  tr: (key: string, params?: Params) => string;
}

/** A pane renderer: tagged lines, each at most `width` visible columns, at most `height` lines. */
export type PaneRenderer = (input: PaneInput, width: number, height: number) => string[];
