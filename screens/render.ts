// One frame of the TUI as text: every pane with its label, the status line and the modal, from
// the UI state, the layout and what the engine last sent. Pure and read-only: the controller
// settles the state before a frame and derives what the reducer needs (pages, dialog sizes) itself.
import type { Keymap } from '../keymaps/keymap.ts';
import type { Alert, Snapshot } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import { renderAlerts } from './alerts.ts';
import { renderCpu } from './cpu.ts';
import { renderDisks } from './disks.ts';
import { renderGpu } from './gpu.ts';
import { inner, type Layout, type PaneName } from './layout.ts';
import { renderMemory } from './memory.ts';
import { dialogFor, type ModalBox, modalBox } from './modal.ts';
import { renderNetwork } from './network.ts';
import type { PaneRenderer } from './pane.ts';
import { type ProcessRow, renderProcessTable } from './processes.ts';
import type { UiState } from './state.ts';
import { type AiState, renderStatus } from './status.ts';
import type { Theme } from './theme.ts';

/** The bordered boxes (the status line is a bare line). */
export type BoxName = Exclude<PaneName, 'status'>;

export const BOXES: readonly BoxName[] = ['cpu', 'memory', 'gpu', 'disks', 'network', 'processes', 'alerts'];

/** Everything a frame shows; the controller gathers it (ports and clock included) beforehand. */
export interface Frame {
  layout: Layout;
  state: UiState;
  snapshot: Snapshot | undefined;
  /** Oldest first, as the engine keeps it. */
  history: readonly Snapshot[];
  rows: readonly ProcessRow[];
  /** The sidebar's list, newest first. */
  alerts: readonly Alert[];
  keymap: Keymap;
  theme: Theme;
  tr: (key: string, params?: Params) => string;
  mode: string;
  intervalSecs: number;
  aiEnabled: boolean;
  ai: AiState;
  logLine: string | null;
  now: number;
}

export interface ScreenText {
  boxes: Record<BoxName, { label: string; content: string }>;
  status: string;
  modal: ModalBox | null;
}

const GAUGES: Record<Exclude<BoxName, 'processes' | 'alerts'>, PaneRenderer> = {
  cpu: renderCpu,
  memory: renderMemory,
  gpu: renderGpu,
  disks: renderDisks,
  network: renderNetwork,
};

function processesText(f: Frame, width: number, height: number): string[] {
  const s = f.state;
  return renderProcessTable(
    {
      rows: f.rows,
      selectedKey: s.selectedKey,
      scroll: s.scroll,
      sort: s.sort,
      desc: s.desc,
      totalMemBytes: f.snapshot?.memory.totalBytes ?? 0,
      focused: s.focus === 'processes',
      followKey: s.followKey,
    },
    f.theme,
    width,
    height,
  );
}

function alertsText(f: Frame, width: number, height: number): string[] {
  const view = {
    alerts: f.alerts,
    selected: f.state.alertIndex,
    focused: f.state.focus === 'alerts',
    compact: f.layout.alertsAs === 'strip',
  };
  return renderAlerts(view, f.theme, f.tr, width, height);
}

function boxText(f: Frame, name: BoxName): { label: string; content: string } {
  const { width, height } = inner(f.layout.panes[name]);
  const title = f.tr(`tui.pane.${name}`);
  if (name === 'processes')
    return { label: ` ${title} `, content: processesText(f, width, height).join('\n') };
  if (name === 'alerts') {
    const firing = f.alerts.filter((a) => a.state === 'firing').length;
    return {
      label: ` ${title}${firing ? ` (${firing})` : ''} `,
      content: alertsText(f, width, height).join('\n'),
    };
  }
  const input = { snapshot: f.snapshot, history: f.history, theme: f.theme, tr: f.tr };
  return { label: ` ${title} `, content: GAUGES[name](input, width, height).join('\n') };
}

function statusText(f: Frame): string {
  const input = {
    state: f.state,
    mode: f.mode,
    intervalSecs: f.intervalSecs,
    ai: f.ai,
    processes: f.snapshot?.processes.length ?? 0,
    shown: f.rows.length,
    keymap: f.keymap,
    logLine: f.logLine,
  };
  return renderStatus(input, f.theme, f.tr, f.layout.cols);
}

export function renderScreen(f: Frame): ScreenText {
  const boxes = Object.fromEntries(BOXES.map((name) => [name, boxText(f, name)])) as ScreenText['boxes'];
  const m = f.state.modal;
  const modal = m
    ? modalBox(dialogFor(m, f.layout, f), 'scroll' in m ? m.scroll : 0, f.layout, f.theme)
    : null;
  return { boxes, status: statusText(f), modal };
}
