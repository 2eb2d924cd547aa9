// How many colours the terminal shows, decided from the environment rather than from blessed's
// own terminfo reading: blessed 0.1.81 cannot parse the newer terminfo format and sees 8 colours
// under `screen`, `screen-256color` and `tmux-256color` alike. Pure: the environment and the
// terminfo count in, a depth out.

/** 0: no colour at all (NO_COLOR, --no-color, a dumb terminal); 16777216: truecolour. */
export type ColorDepth = 0 | 8 | 16 | 256 | 16777216;

export const TRUECOLOR: ColorDepth = 16777216;

export interface ColorEnv {
  TERM?: string | undefined;
  COLORTERM?: string | undefined;
  /** Set inside a tmux pane. */
  TMUX?: string | undefined;
  NO_COLOR?: string | undefined;
}

/**
 * The colour depth for `env`. `terminfoColors` is what the terminal's description says (blessed's
 * `tput.colors`; -1 or less when it found none). `enabled` is false for --no-color.
 */
export function detectColorDepth(env: ColorEnv, terminfoColors: number, enabled = true): ColorDepth {
  if (!enabled || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
  const term = (env.TERM ?? '').toLowerCase();
  if (term === '' || term === 'dumb') return 0;
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit' || term.endsWith('-direct')) return TRUECOLOR;
  if (term.includes('256color')) return 256;
  // tmux draws 256 colours in every pane whatever TERM says there (and maps them down for the
  // terminal it runs in); its default TERM is plain `screen`.
  if (env.TMUX && (term.startsWith('screen') || term.startsWith('tmux'))) return 256;
  if (terminfoColors >= 256) return 256;
  if (terminfoColors >= 16) return 16;
  return 8;
}

/** The xterm 256-colour palette as RGB (16–231: the 6×6×6 cube; 232–255: the grey ramp). */
export function xtermRgb(index: number): [number, number, number] {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return [v, v, v];
  }
  const i = index - 16;
  const step = (n: number) => (n === 0 ? 0 : 55 + n * 40);
  return [step(Math.floor(i / 36)), step(Math.floor(i / 6) % 6), step(i % 6)];
}

/**
 * Rewrite `38;5;N` / `48;5;N` (N ≥ 16) in an SGR parameter string as truecolour `38;2;R;G;B`, so
 * the theme's greys and tints show exactly as chosen even where the terminal's palette differs.
 * The 16 palette colours stay as they are: they are the user's terminal theme.
 */
export function toTruecolor(sgr: string): string {
  return sgr.replace(/([34]8);5;(\d+)/g, (whole, kind: string, n: string) => {
    const index = Number(n);
    if (index < 16 || index > 255) return whole;
    return `${kind};2;${xtermRgb(index).join(';')}`;
  });
}
