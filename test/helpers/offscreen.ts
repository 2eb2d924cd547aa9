// Off-terminal rendering for the screen tests: a blessed screen on an in-memory stream, flattened
// to text (the react-blessed testing approach). `vigil watch` always draws on the terminal, so
// this lives with the tests, not in screens/.
import { PassThrough } from 'node:stream';
import blessed from 'blessed';

export interface Offscreen {
  screen: blessed.Widgets.Screen;
  /** Everything written to the "terminal" so far. */
  written(): string;
  resize(cols: number, rows: number): void;
  destroy(): void;
}

export function offscreen(cols: number, rows: number, terminal = 'xterm-256color'): Offscreen {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true });
  let buf = '';
  output.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    if (buf.length > 4_000_000) buf = buf.slice(-2_000_000);
  });
  const screen = blessed.screen({
    input,
    output,
    terminal,
    warnings: false,
    forceUnicode: true,
    fullUnicode: true,
    smartCSR: true,
  });
  return {
    screen,
    written: () => buf,
    resize(c, r) {
      output.columns = c;
      output.rows = r;
      output.emit('resize');
    },
    destroy() {
      screen.destroy();
      input.destroy();
      output.destroy();
    },
  };
}

/** The screen's cells as lines of text (what a user would see, without attributes). */
export function screenText(screen: blessed.Widgets.Screen): string[] {
  const lines = (screen as unknown as { lines: [number, string][][] }).lines;
  return lines.map((line) =>
    line
      .map((cell) => cell[1])
      .join('')
      .replace(/\s+$/, ''),
  );
}
