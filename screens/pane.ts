// What every pane renderer gets: the latest snapshot, recent history, a theme and a translator.
import type { KernelEvent, Snapshot } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import type { Theme } from './theme.ts';

export interface PaneInput {
  snapshot: Snapshot | undefined;
  /** Oldest first; system-level figures only for all but the last. */
  history: readonly Snapshot[];
  theme: Theme;
  tr: (key: string, params?: Params) => string;
  /** Open sockets by protocol and state (`tcp.ESTABLISHED`), as the network collector counts them. */
  connections?: Readonly<Record<string, number>> | null;
  /** Recent kernel warnings, newest first. */
  kernel?: readonly KernelEvent[];
  now?: number;
}

/** A pane renderer: tagged lines, each at most `width` visible columns, at most `height` lines. */
export type PaneRenderer = (input: PaneInput, width: number, height: number) => string[];
