// The TUI's state, the effects the reducer asks for, and what the reducer sees of the screen.
// Types and the initial state only: the reducer (screens/state.ts and its concern modules) and
// the renderers import them from here.
import type { ProposalCheck } from '../src/ai/proposals.ts';
import type { Alert, ProcessSnapshot } from '../src/core/types.ts';
import { COLUMN_IDS, type ColumnId } from './columns.ts';
import type { ProcessRow, SortKey } from './processes.ts';
import type { ThemeName } from './theme.ts';

export const SIGNALS = [
  'SIGTERM',
  'SIGKILL',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGSTOP',
  'SIGCONT',
  'SIGUSR1',
  'SIGUSR2',
] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface ProcessTarget {
  pid: number;
  startTicks: number;
  name: string;
  cmdline: string;
  user: string;
  rssBytes: number;
  /** For a thread row: the process (thread group) a signal or a renice reaches. */
  process?: { pid: number; name: string };
}

/** The alert a group kill acts on (a storm, or a duplicate group's extra copies). */
export interface AlertGroup {
  alertId: string;
  rule: string;
}

export type ActionRisk = 'safe' | 'moderate' | 'dangerous';

/** One proposed action in the explain modal (from the AI's answer or the local explanation). */
export interface ExplainAction {
  type: string;
  target: string;
  command: string;
  /** The model's own rating: shown as its claim, never as Vigil's judgement. */
  risk: ActionRisk;
  explanation: string;
  /** Vigil's check of the proposal (policy verdict, the real process); absent: unverified. */
  check?: ProposalCheck;
}

/** What the explain modal shows once the answer is in. */
export interface ExplainView {
  source: 'ai' | 'local';
  title: string;
  diagnostic: string;
  severity: string | null;
  /** Facts shown under the diagnosis (what it is, who started it, what it costs…). */
  facts: string[];
  actions: ExplainAction[];
  prevention: string;
  /** Why the AI was not used (off, no key, cooldown, error…), when it was not. */
  note: string | null;
}

export interface KillResultView {
  ok: boolean;
  outcome: string;
  reason: string;
}

/** What a setting of the setup dialog (F2) is. */
export type SetupItem = { kind: 'theme' } | { kind: 'column'; id: ColumnId };

export type Modal =
  | { kind: 'help'; scroll: number }
  | { kind: 'details'; alert: Alert | null; proc: ProcessSnapshot | null; scroll: number }
  | {
      kind: 'kill';
      /** One process, or every tagged one, or the processes of a storm / duplicate alert. */
      targets: ProcessTarget[];
      /** Set when the targets are an alert's group: one action for all of them (src/actions/group.ts). */
      group?: AlertGroup;
      signal: number;
      step: 'choose' | 'confirm' | 'sending' | 'result';
      /** One result per target, in order. */
      results: KillResultView[];
      scroll: number;
    }
  | {
      kind: 'explain';
      subject: { pid: number; startTicks: number; name: string } | { alert: Alert };
      status: 'waiting' | 'done';
      view: ExplainView | null;
      scroll: number;
      action: number;
      /** Applying the selected action: asking, sending, or its result. */
      apply: { step: 'confirm' | 'sending' | 'result'; text: string } | null;
      startedAt: number;
    }
  /** Pick a user to show (htop's `u`): the users of the processes on show, "all" first. */
  | { kind: 'users'; users: string[]; index: number; scroll: number }
  /** Setup (F2): the theme and the optional columns. */
  | { kind: 'setup'; index: number; scroll: number };

/** Where replay goes next: back to live, the latest frame, a time, one frame either way, or an incident. */
export type ReplayMove =
  | { kind: 'live' }
  | { kind: 'latest' }
  | { kind: 'at'; time: number }
  | { kind: 'step'; dir: -1 | 1 }
  | { kind: 'incident'; dir: -1 | 1 };

/** Replay mode: the whole screen shows a recorded moment (docs/tui.md, "Replay"). */
export interface ReplayState {
  /** The frame on show (epoch ms), or null until the first one is loaded. */
  time: number | null;
  /** `incident`: a frame every tick; `minute`: every snapshot interval. */
  source: 'incident' | 'minute' | null;
  /** Seconds CPU % is averaged over (null for a chain's first frame). */
  resolutionSecs: number | null;
  loading: boolean;
}

/** The history view (charts over a window; docs/tui.md, "History view"). */
export interface HistoryState {
  /** Index into HISTORY_WINDOWS_MS (screens/history.ts). */
  window: number;
  from: number;
  to: number;
  /** The cursor's time (epoch ms). */
  cursor: number;
  loading: boolean;
}

export interface UiState {
  focus: 'processes' | 'alerts';
  sort: SortKey;
  desc: boolean;
  tree: boolean;
  /** Kernel threads are hidden unless toggled on (htop's `K`). */
  kernelThreads: boolean;
  /** User threads shown under their process (htop's `H`). */
  threads: boolean;
  filter: string;
  /** Only this user's processes (htop's `u`), or everyone's. */
  user: string | null;
  /** Typing into the bottom line: the filter (`\`) or the incremental search (F3, `/`). */
  input: boolean;
  inputFor: 'filter' | 'search';
  /** The incremental search's text: it moves the selection, it hides nothing. */
  search: string;
  selectedKey: string | null;
  /** Where the selection was, to land nearby when the selected process goes away. */
  selectedIndex: number;
  scroll: number;
  /** Columns the command column is scrolled right by (←/→). */
  commandScroll: number;
  followKey: string | null;
  /** Tagged rows (htop's Space / `c`), by row key; kill and renice act on all of them. */
  tagged: ReadonlySet<string>;
  alertIndex: number;
  paused: boolean;
  theme: ThemeName;
  /** Optional columns shown, in display order. */
  columns: readonly ColumnId[];
  modal: Modal | null;
  /** Replaying history (nothing can be signalled), or null for the live machine. */
  replay: ReplayState | null;
  /** The history view, when open (over everything else). */
  history: HistoryState | null;
  /** One transient line for the status bar: a catalogue key, or a text already translated. */
  message: string | null;
  /** Parameters for a catalogue key in `message`. */
  messageParams?: Record<string, string | number>;
}

/** What the user may change in the screen and find again next time (tui.json). */
export interface ViewSettings {
  sort: SortKey;
  desc: boolean;
  tree: boolean;
  kernelThreads: boolean;
  theme: ThemeName;
  columns: readonly ColumnId[];
}

export const DEFAULT_VIEW: ViewSettings = {
  sort: 'cpu',
  desc: true,
  tree: false,
  kernelThreads: false,
  theme: 'dark',
  columns: COLUMN_IDS,
};

export function initialState(view: ViewSettings = DEFAULT_VIEW): UiState {
  return {
    focus: 'processes',
    sort: view.sort,
    desc: view.desc,
    tree: view.tree,
    kernelThreads: view.kernelThreads,
    threads: false,
    filter: '',
    user: null,
    input: false,
    inputFor: 'filter',
    search: '',
    selectedKey: null,
    selectedIndex: 0,
    scroll: 0,
    commandScroll: 0,
    followKey: null,
    tagged: new Set(),
    alertIndex: 0,
    paused: false,
    theme: view.theme,
    columns: view.columns,
    modal: null,
    replay: null,
    history: null,
    message: null,
  };
}

/** The part of the state that is saved between runs. */
export function viewOf(s: UiState): ViewSettings {
  return {
    sort: s.sort,
    desc: s.desc,
    tree: s.tree,
    kernelThreads: s.kernelThreads,
    theme: s.theme,
    columns: s.columns,
  };
}

export type Subject = { pid: number; startTicks: number } | { alert: Alert };

export type Effect =
  | { type: 'quit' }
  | { type: 'redraw' }
  | { type: 'reload' }
  | { type: 'explain'; subject: Subject }
  | { type: 'kill'; targets: ProcessTarget[]; signal: SignalName }
  | { type: 'kill_group'; group: AlertGroup; targets: ProcessTarget[]; signal: SignalName }
  | { type: 'renice'; targets: ProcessTarget[]; delta: number }
  | { type: 'apply'; action: ExplainAction; subject: Subject }
  | { type: 'replay'; move: ReplayMove }
  | { type: 'history'; from: number; to: number };

export interface Context {
  rows: readonly ProcessRow[];
  alerts: readonly Alert[];
  /** Every process of the snapshot on show (tagging a process's children looks past the filter). */
  processes?: readonly ProcessSnapshot[];
  /** Visible process rows (table height minus the header). */
  page: number;
  /** Visible lines in a modal body. */
  modalPage: number;
  /** Lines in the current modal body, to bound scrolling. */
  modalLines: number;
  /** Widest command on show minus the command column's width: how far ← / → may scroll. */
  commandOverflow?: number;
  now: number;
}

export interface Step {
  state: UiState;
  effect?: Effect;
}
