// Reading `tmux capture-pane -p -e`: each visible character with the colours and attributes it
// is drawn with, so tests can check what a user sees (no text in the background's colour).

export type Color =
  | { kind: 'default' }
  | { kind: 'basic'; index: number } // 0–15 (30–37, 90–97)
  | { kind: 'indexed'; index: number } // 38;5;N
  | { kind: 'rgb'; r: number; g: number; b: number };

export interface Cell {
  ch: string;
  line: number;
  fg: Color;
  bg: Color;
  inverse: boolean;
}

const DEFAULT: Color = { kind: 'default' };

function extended(params: number[], i: number): { color: Color; next: number } | null {
  if (params[i + 1] === 5 && params[i + 2] !== undefined) {
    return { color: { kind: 'indexed', index: params[i + 2]! }, next: i + 3 };
  }
  if (params[i + 1] === 2 && params[i + 4] !== undefined) {
    return { color: { kind: 'rgb', r: params[i + 2]!, g: params[i + 3]!, b: params[i + 4]! }, next: i + 5 };
  }
  return null;
}

/** Every non-blank character of a captured pane, with its colours. */
export function parseCapture(text: string): Cell[] {
  const cells: Cell[] = [];
  let fg: Color = DEFAULT;
  let bg: Color = DEFAULT;
  let inverse = false;
  let line = 0;
  // SGR parameters may be separated by ';' or ':' (tmux writes 38:2::r:g:b for some colours).
  const re = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z]|\n|[^\x1b\n]/gu;
  for (const m of text.matchAll(re)) {
    const tok = m[0];
    if (tok === '\n') {
      line++;
      continue;
    }
    if (m[1] !== undefined) {
      const params = (m[1] === '' ? '0' : m[1]).replace(/::/g, ':').split(/[;:]/).map(Number);
      for (let i = 0; i < params.length; ) {
        const p = params[i]!;
        if (p === 0) {
          fg = DEFAULT;
          bg = DEFAULT;
          inverse = false;
        } else if (p === 7) inverse = true;
        else if (p === 27) inverse = false;
        else if (p >= 30 && p <= 37) fg = { kind: 'basic', index: p - 30 };
        else if (p >= 90 && p <= 97) fg = { kind: 'basic', index: p - 90 + 8 };
        else if (p === 39) fg = DEFAULT;
        else if (p >= 40 && p <= 47) bg = { kind: 'basic', index: p - 40 };
        else if (p >= 100 && p <= 107) bg = { kind: 'basic', index: p - 100 + 8 };
        else if (p === 49) bg = DEFAULT;
        else if (p === 38 || p === 48) {
          const e = extended(params, i);
          if (e) {
            if (p === 38) fg = e.color;
            else bg = e.color;
            i = e.next;
            continue;
          }
        }
        i++;
      }
      continue;
    }
    if (tok.startsWith('\x1b')) continue;
    if (tok.trim() !== '') cells.push({ ch: tok, line, fg, bg, inverse });
  }
  return cells;
}

/** As dark as the background of a dark terminal: black, bright black, the darkest greys. */
export function blackish(c: Color): boolean {
  if (c.kind === 'basic') return c.index === 0 || c.index === 8;
  if (c.kind === 'indexed')
    return c.index === 0 || c.index === 8 || c.index === 16 || (c.index >= 232 && c.index <= 235);
  if (c.kind === 'rgb') return Math.max(c.r, c.g, c.b) < 64;
  return false;
}

/** As light as the background of a light terminal: white, bright white, the lightest greys. */
export function whiteish(c: Color): boolean {
  if (c.kind === 'basic') return c.index === 7 || c.index === 15;
  if (c.kind === 'indexed') return c.index === 7 || c.index === 15 || c.index === 231 || c.index >= 252;
  if (c.kind === 'rgb') return Math.min(c.r, c.g, c.b) > 191;
  return false;
}

/** Characters drawn in `bad` colours straight on the terminal's own background. */
export function onDefaultBackground(cells: readonly Cell[], bad: (c: Color) => boolean): Cell[] {
  return cells.filter((c) => c.bg.kind === 'default' && !c.inverse && bad(c.fg));
}

/** Any colour at all (foreground or background), inverse aside. */
export function colored(cells: readonly Cell[]): Cell[] {
  return cells.filter((c) => c.fg.kind !== 'default' || c.bg.kind !== 'default');
}
