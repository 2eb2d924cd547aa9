// The blessed side of the TUI: the screen, one bordered box per pane, the status line and the
// modal box. It places them for a layout and writes a frame's text, touching only what changed;
// keys, resizes and clicks go to the handlers the controller gives it, as canonical key names
// and line offsets.
import blessed from 'blessed';
import type { CommandId } from '../keymaps/commands.ts';
import { keyFromPress } from '../keymaps/keymap.ts';
import { type ColorDepth, TRUECOLOR, toTruecolor } from './colors.ts';
import type { Layout, Rect } from './layout.ts';
import { BOXES, type BoxName, type ScreenText } from './render.ts';
import type { Theme } from './theme.ts';

export interface ViewOptions {
  color: boolean;
  /**
   * The colours to draw with (screens/colors.ts), or how to decide them from the terminfo count
   * blessed read; blessed's own guess is replaced by it.
   */
  depth?: ColorDepth | ((terminfoColors: number) => ColorDepth);
  mouse: boolean;
  /** A screen to draw on (tests: a screen on a PassThrough); default: the terminal. */
  screen?: blessed.Widgets.Screen | undefined;
}

export interface ViewHandlers {
  /** A key by canonical name (`f9`, `k`, `enter`…), with the character typed, if printable. */
  press(key: string, ch?: string): void;
  resize(): void;
  /** The mouse wheel over the process table. */
  command(cmd: CommandId): void;
  /** A click on the process table, `line` rows under its header. */
  clickRow(line: number): void;
  /** A click on the process table's header, `x` columns into the table. */
  clickHeader(x: number): void;
  /** A click on the alerts pane, `line` lines into its content. */
  clickAlert(line: number): void;
}

export interface View {
  screen: blessed.Widgets.Screen;
  /** The colours drawn with (after `ViewOptions.depth`). */
  depth: ColorDepth | null;
  size(): { cols: number; rows: number };
  listen(on: ViewHandlers): void;
  /** Move the boxes to a layout (nothing happens for the layout already in place). */
  place(layout: Layout): void;
  /** Write a frame and draw it. */
  paint(text: ScreenText): void;
  /** Border and label colours of the panes (a theme's chrome). */
  chrome(chrome: Theme['chrome']): void;
  /** Forget what was written, so the next frame writes everything (language change). */
  forget(): void;
  /** Redraw the whole terminal (Ctrl-L). */
  redraw(): void;
  destroy(): void;
}

function terminalScreen(): blessed.Widgets.Screen {
  return blessed.screen({
    smartCSR: true,
    // Wide (CJK, emoji) and combining characters take the columns the terminal gives them.
    fullUnicode: true,
    warnings: false,
    autoPadding: false,
    // The title is ours, fixed: nothing from a process ever reaches it.
    title: 'vigil',
    forceUnicode: true,
    sendFocus: false,
  });
}

/** Place an element; an empty rect hides it (a pane the layout left out). */
function setRect(el: blessed.Widgets.BoxElement, r: Rect): void {
  if (r.width === 0 || r.height === 0) {
    if (!el.hidden) el.hide();
    return;
  }
  el.top = r.top;
  el.left = r.left;
  el.width = r.width;
  el.height = r.height;
  if (el.hidden) el.show();
}

/** Draw with `depth` colours whatever blessed read from terminfo; truecolour where there is. */
function useDepth(screen: blessed.Widgets.Screen, depth: ColorDepth): void {
  const s = screen as unknown as {
    tput: { colors: number };
    program: { _write(text: string): unknown };
  };
  s.tput.colors = depth === 0 ? 8 : Math.min(256, depth);
  if (depth !== TRUECOLOR) return;
  // blessed only writes 256-colour indexes: its frames get theirs rewritten as RGB on the way
  // out (every foreign string was stripped of escapes at ingest, so only blessed's SGRs match).
  const write = s.program._write.bind(s.program);
  s.program._write = (text: string) =>
    write(text.replace(/\x1b\[([0-9;]*)m/g, (_m, params: string) => `\x1b[${toTruecolor(params)}m`));
}

// Only a printable character types into the filter line.
const printable = (ch: string | undefined): string | undefined =>
  ch && [...ch].length === 1 && ch >= ' ' && ch !== '\u007f' ? ch : undefined;

export function createView(opts: ViewOptions): View {
  const screen = opts.screen ?? terminalScreen();
  // Draw lines and blocks as UTF-8, never through the terminal's alternate character set: the
  // output stays plain text (tmux capture, logs) and looks the same in every terminal.
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  const terminfo = (screen as unknown as { tput: { colors: number } }).tput.colors;
  const depth = typeof opts.depth === 'function' ? opts.depth(terminfo) : (opts.depth ?? null);
  if (depth !== null) useDepth(screen, depth);
  const bordered = (extra: blessed.Widgets.BoxOptions) =>
    blessed.box({
      parent: screen,
      tags: true,
      border: { type: 'line' },
      wrap: false,
      style: { border: {}, label: { bold: true } },
      ...extra,
    });
  const boxes = Object.fromEntries(BOXES.map((name) => [name, bordered({ mouse: opts.mouse })])) as Record<
    BoxName,
    blessed.Widgets.BoxElement
  >;
  const meters = blessed.box({ parent: screen, tags: true, wrap: false });
  const status = blessed.box({ parent: screen, tags: true, wrap: false, height: 1 });
  const modal = bordered({ hidden: true });
  const framed = [...BOXES.map((name) => boxes[name]), modal];
  let placed: Layout | null = null;
  // What each element shows, so an unchanged frame writes nothing.
  const written = new Map<blessed.Widgets.BoxElement, { label?: string; content?: string }>();

  function write(el: blessed.Widgets.BoxElement, text: { label?: string; content: string }): void {
    const last = written.get(el) ?? {};
    if (text.label !== undefined && last.label !== text.label) el.setLabel(text.label);
    if (last.content !== text.content) el.setContent(text.content);
    written.set(el, text);
  }

  function paintModal(box: ScreenText['modal']): void {
    if (!box) {
      if (!modal.hidden) modal.hide();
      return;
    }
    setRect(modal, box.rect);
    write(modal, box);
    if (modal.hidden) modal.show();
    modal.setFront();
  }

  function listen(on: ViewHandlers): void {
    screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg) => {
      on.press(keyFromPress(ch, key), printable(ch));
    });
    screen.on('resize', () => on.resize());
    if (!opts.mouse) return;
    // The table's first row is under its border and its header; the alerts under the border.
    boxes.processes.on('click', (data: { x: number; y: number }) => {
      const line = data.y - (boxes.processes.atop as number) - 2;
      if (line === -1) on.clickHeader(data.x - (boxes.processes.aleft as number) - 1);
      else on.clickRow(line);
    });
    boxes.processes.on('wheeldown', () => on.command('down'));
    boxes.processes.on('wheelup', () => on.command('up'));
    boxes.alerts.on('click', (data: { y: number }) => {
      on.clickAlert(data.y - (boxes.alerts.atop as number) - 1);
    });
  }

  return {
    screen,
    depth,
    size: () => ({ cols: screen.width as number, rows: screen.height as number }),
    listen,
    place(layout) {
      if (layout === placed) return;
      placed = layout;
      for (const name of BOXES) setRect(boxes[name], layout.panes[name]);
      setRect(meters, layout.panes.meters);
      status.top = layout.panes.status.top;
      status.left = 0;
      status.width = layout.cols;
    },
    paint(text) {
      for (const name of BOXES) write(boxes[name], text.boxes[name]);
      write(meters, { content: text.meters });
      write(status, { content: text.status });
      paintModal(text.modal);
      screen.render();
    },
    chrome(c) {
      for (const el of framed) {
        const style = el.style as { border: { fg?: string }; label: { fg?: string } };
        if (c.border) style.border.fg = c.border;
        else delete style.border.fg;
        if (c.label) style.label.fg = c.label;
        else delete style.label.fg;
      }
    },
    forget: () => written.clear(),
    redraw() {
      screen.realloc();
      written.clear();
    },
    destroy: () => screen.destroy(),
  };
}
