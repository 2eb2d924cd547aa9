// One frame of the TUI as text: every pane with its label, the meters, the status line and the
// modal, from the UI state, the layout and what the engine last sent. Pure and read-only: the
// controller settles the state before a frame and derives what the reducer needs (pages, dialog
// sizes) itself.
import type { Keymap } from '../keymaps/keymap.ts';
import { localClock } from '../src/core/local-time.ts';
import type { Alert, KernelEvent, Snapshot } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import { renderAlerts } from './alerts.ts';
import { renderCpu } from './cpu.ts';
import { renderDisks } from './disks.ts';
import { renderGpu } from './gpu.ts';
import { kernelLine, kernelStyle, renderKernel } from './kernel.ts';
import { inner, type Layout, type PaneName } from './layout.ts';
import { renderMemory } from './memory.ts';
import { renderMeters } from './meters.ts';
import { dialogFor, type ModalBox, modalBox } from './modal.ts';
import type { UiState } from './model.ts';
import { renderNetwork } from './network.ts';
import type { PaneInput, PaneRenderer } from './pane.ts';
import type { ProcessRow } from './processes.ts';
import { type AiState, renderStatus } from './status.ts';
import { type LineCache, renderProcessTable } from './table.ts';
import type { Theme } from './theme.ts';
import { fitTo } from './widgets.ts';

/** The bordered boxes (the meters and the status line are bare lines). */
export type BoxName = Exclude<PaneName, 'status' | 'meters'>;

export const BOXES: readonly BoxName[] = [
  'cpu',
  'memory',
  'gpu',
  'disks',
  'network',
  'processes',
  'alerts',
  'kernel',
];

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
  kernel: readonly KernelEvent[];
  connections: Readonly<Record<string, number>> | null;
  gpuMemory: ReadonlyMap<number, number> | null;
  keymap: Keymap;
  theme: Theme;
  tr: (key: string, params?: Params) => string;
  mode: string;
  intervalSecs: number;
  aiEnabled: boolean;
  ai: AiState;
  logLine: string | null;
  now: number;
  /** The process table's lines of the last frame (a memo: the text is the same without it). */
  tableLines?: LineCache;
}

export interface ScreenText {
  boxes: Record<BoxName, { label: string; content: string }>;
  meters: string;
  status: string;
  modal: ModalBox | null;
}

const GAUGES: Record<Exclude<BoxName, 'processes' | 'alerts'>, PaneRenderer> = {
  cpu: renderCpu,
  memory: renderMemory,
  gpu: renderGpu,
  disks: renderDisks,
  network: renderNetwork,
  kernel: renderKernel,
};

function paneInput(f: Frame): PaneInput {
  return {
    snapshot: f.snapshot,
    history: f.history,
    theme: f.theme,
    tr: f.tr,
    connections: f.connections,
    kernel: f.kernel,
    now: f.now,
  };
}

function processesText(f: Frame, width: number, height: number): string[] {
  const s = f.state;
  const view = {
    rows: f.rows,
    selectedKey: s.selectedKey,
    scroll: s.scroll,
    sort: s.sort,
    desc: s.desc,
    totalMemBytes: f.snapshot?.memory.totalBytes ?? 0,
    gpuMemory: f.gpuMemory,
    focused: s.focus === 'processes',
    followKey: s.followKey,
    columns: s.columns,
    tagged: s.tagged,
    commandScroll: s.commandScroll,
    ...(f.tableLines ? { lines: f.tableLines } : {}),
  };
  return renderProcessTable(view, f.theme, width, height);
}

function alertsText(f: Frame, width: number, height: number): string[] {
  const strip = f.layout.alertsAs === 'strip';
  const view = {
    alerts: f.alerts,
    selected: f.state.alertIndex,
    focused: f.state.focus === 'alerts',
    compact: strip,
  };
  // The compact strip also carries the kernel warnings, under the alerts.
  const kernel = strip ? f.kernel : [];
  const lines =
    f.alerts.length > 0 || kernel.length === 0 ? renderAlerts(view, f.theme, f.tr, width, height) : [];
  for (const e of kernel) {
    if (lines.length >= height) break;
    lines.push(
      f.theme.paint(kernelStyle(e), fitTo(`${f.tr('tui.kernel.tag')} ${kernelLine(e, f.tr)}`, width)),
    );
  }
  return lines;
}

function boxText(f: Frame, name: BoxName): { label: string; content: string } {
  const rect = f.layout.panes[name];
  if (rect.height === 0) return { label: '', content: '' };
  const { width, height } = inner(rect);
  const title = f.tr(`tui.pane.${name}`);
  if (name === 'processes') {
    // While replaying, the table says whose machine it shows: the recorded one, at what time.
    const r = f.state.replay;
    const replay = r?.time ? ` · ${f.tr('replay.tui.marker', { time: localClock(r.time) })}` : '';
    return { label: ` ${title}${replay} `, content: processesText(f, width, height).join('\n') };
  }
  if (name === 'alerts') {
    const firing = f.alerts.filter((a) => a.state === 'firing').length;
    const kernel =
      f.layout.alertsAs === 'strip' && f.kernel.length
        ? ` · ${f.tr('tui.pane.kernel')} (${f.kernel.length})`
        : '';
    return {
      label: ` ${title}${firing ? ` (${firing})` : ''}${kernel} `,
      content: alertsText(f, width, height).join('\n'),
    };
  }
  return { label: ` ${title} `, content: GAUGES[name](paneInput(f), width, height).join('\n') };
}

function statusText(f: Frame): string {
  const input = {
    state: f.state,
    mode: f.mode,
    intervalSecs: f.intervalSecs,
    ai: f.ai,
    processes: f.snapshot?.processes.length ?? 0,
    shown: f.rows.length,
    noGpu: f.snapshot !== undefined && f.snapshot.gpus.length === 0,
    keymap: f.keymap,
    logLine: f.logLine,
  };
  return renderStatus(input, f.theme, f.tr, f.layout.cols);
}

export function renderScreen(f: Frame): ScreenText {
  const boxes = Object.fromEntries(BOXES.map((name) => [name, boxText(f, name)])) as ScreenText['boxes'];
  const m = f.layout.panes.meters;
  const meters = m.height > 0 ? renderMeters(paneInput(f), m.width, m.height).join('\n') : '';
  const modal = f.state.modal
    ? modalBox(
        dialogFor(f.state.modal, f.layout, f),
        'scroll' in f.state.modal ? f.state.modal.scroll : 0,
        f.layout,
        f.theme,
      )
    : null;
  return { boxes, meters, status: statusText(f), modal };
}
