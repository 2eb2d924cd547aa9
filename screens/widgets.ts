// Small text widgets shared by the panes: bars, sparklines, padding. Pure: numbers in, text out
// (plain text; panes escape and colour it through the theme).
import { createRequire } from 'node:module';

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

// Column widths as blessed computes them (screen in fullUnicode mode): CJK and emoji take two
// columns, combining marks none. Using blessed's own table keeps text and borders aligned.
const unicode = createRequire(import.meta.url)('blessed/lib/unicode.js') as {
  charWidth(str: string, i?: number): number;
};
const ASCII = /^[\x20-\x7e]*$/;

function charWidth(ch: string): number {
  return ch.length === 1 && ch >= ' ' && ch <= '~' ? 1 : Math.max(0, unicode.charWidth(ch, 0));
}

/** Visible columns of a plain string. */
export function width(text: string): number {
  if (ASCII.test(text)) return text.length;
  let n = 0;
  for (const ch of text) n += charWidth(ch);
  return n;
}

/** The longest prefix of `text` that fits in `w` columns, and its width. */
export function takeColumns(text: string, w: number): { text: string; width: number } {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (used + cw > w) break;
    out += ch;
    used += cw;
  }
  return { text: out, width: used };
}

/** Cut or pad to exactly `w` columns (an ellipsis marks a cut). */
export function fitTo(text: string, w: number): string {
  if (w <= 0) return '';
  const total = width(text);
  if (total <= w) return text + ' '.repeat(w - total);
  const head = takeColumns(text, w - 1);
  return head.text + '…' + ' '.repeat(Math.max(0, w - 1 - head.width));
}

/** Right-align in `w` columns (cut from the left when too long). */
export function rightTo(text: string, w: number): string {
  const total = width(text);
  if (total <= w) return ' '.repeat(w - total) + text;
  const chars = [...text];
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = charWidth(chars[i]!);
    if (used + cw > w) break;
    out = chars[i]! + out;
    used += cw;
  }
  return ' '.repeat(w - used) + out;
}

/** `|||||     ` style bar for 0–100 over `w` columns (inside brackets drawn by the caller). */
export function bar(percent: number | null, w: number, fill = '|'): string {
  if (w <= 0) return '';
  if (percent === null || !Number.isFinite(percent)) return ' '.repeat(w);
  const n = Math.round((Math.min(100, Math.max(0, percent)) / 100) * w);
  return fill.repeat(n) + ' '.repeat(w - n);
}

/**
 * The last `w` values of a series as block characters (▁…█) scaled to `max` (default: the
 * series' own maximum, at least 1). Missing values are blanks; the newest value is on the right.
 */
export function sparkline(series: readonly (number | null)[], w: number, max?: number): string {
  if (w <= 0) return '';
  const tail = series.slice(-w);
  const top = max ?? Math.max(1, ...tail.map((v) => v ?? 0));
  const out = tail.map((v) => {
    if (v === null || !Number.isFinite(v)) return ' ';
    const i = Math.round((Math.min(top, Math.max(0, v)) / top) * (BLOCKS.length - 1));
    return BLOCKS[i]!;
  });
  return ' '.repeat(w - out.length) + out.join('');
}

/** Join a left and a right part over exactly `w` columns. */
export function spread(left: string, right: string, w: number): string {
  const gap = w - width(left) - width(right);
  if (gap < 1) return fitTo(left, Math.max(0, w - width(right) - 1)) + ' ' + right;
  return left + ' '.repeat(gap) + right;
}

/**
 * A multi-row block chart of the last `w` values (newest right), `rows` lines high, scaled to
 * `max`. Each row covers 1/rows of the scale; the top partial cell uses ▁…█.
 */
export function chart(series: readonly (number | null)[], w: number, rows: number, max: number): string[] {
  if (rows <= 0 || w <= 0) return [];
  const tail = series.slice(-w);
  const pad = w - tail.length;
  const lines: string[] = [];
  for (let r = rows - 1; r >= 0; r--) {
    let line = ' '.repeat(pad);
    for (const v of tail) {
      if (v === null || !Number.isFinite(v)) {
        line += ' ';
        continue;
      }
      const level = (Math.min(max, Math.max(0, v)) / max) * rows; // 0..rows
      const cell = level - r;
      if (cell >= 1) line += '█';
      else if (cell <= 0) line += r === 0 && v > 0 ? '▁' : ' ';
      else line += BLOCKS[Math.max(0, Math.round(cell * (BLOCKS.length - 1)))]!;
    }
    lines.push(line);
  }
  return lines;
}

/** Word-wrap plain text into lines of at most `w` columns (long words are cut). */
export function wrap(text: string, w: number): string[] {
  if (w <= 0) return [];
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      if (!word) continue;
      let wd = word;
      while (width(wd) > w) {
        if (line) {
          out.push(line);
          line = '';
        }
        const head = takeColumns(wd, w).text;
        const cut = head.length > 0 ? head : [...wd][0]!;
        out.push(cut);
        wd = wd.slice(cut.length);
      }
      if (!line) line = wd;
      else if (width(line) + 1 + width(wd) <= w) line += ' ' + wd;
      else {
        out.push(line);
        line = wd;
      }
    }
    out.push(line);
  }
  return out;
}
