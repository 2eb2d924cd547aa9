// Colours as blessed tags for a theme (`dark`, `light`, `mono`) and a colour depth, or none at
// all (NO_COLOR / --no-color). Every piece of text is escaped before it is wrapped, so a process
// named `{red-fg}` shows literally.
//
// No text is ever drawn in the background's colour: the dark theme never uses black (nor
// blessed's `gray`, which 8-colour terminals get as black) and the light theme never uses white.
// Dim text is a fixed grey from the 256-colour ramp where the terminal has one, and plain default
// text where it has 8 or 16 colours.
import { escapeBlessedTags } from '../src/core/sanitize.ts';
import type { Severity } from '../src/core/types.ts';
import type { ColorDepth } from './colors.ts';

export type Style =
  | 'title'
  | 'header'
  | 'dim'
  | 'ok'
  | 'warn'
  | 'bad'
  | 'accent'
  | 'selected'
  | 'tagged'
  | 'critical'
  | 'high'
  | 'medium'
  | 'low';

export const THEMES = ['dark', 'light', 'mono'] as const;
export type ThemeName = (typeof THEMES)[number];

export interface Theme {
  name: ThemeName;
  /** Colours are drawn (false: mono, NO_COLOR, --no-color). */
  color: boolean;
  /** Escape `text` and wrap it in the style's tags. */
  paint(style: Style, text: string): string;
  /** Pane borders and labels, as blessed style colours (none without colour). */
  chrome: { border: string | null; label: string | null };
}

type Tags = Partial<Record<Style, string>>;

// Attributes every theme keeps, colour or not: the selection and headers stay visible.
const ATTRIBUTES: Tags = { title: 'bold', header: 'inverse', selected: 'inverse', critical: 'bold' };

const DARK_BASIC: Tags = {
  ok: 'green-fg',
  warn: 'yellow-fg',
  bad: 'red-fg',
  accent: 'cyan-fg',
  tagged: 'yellow-fg+bold',
  critical: 'red-fg',
  high: 'red-fg',
  medium: 'yellow-fg',
  low: 'cyan-fg',
};

// A tag list is blessed tag names joined by `+`, opened in order and closed in reverse.
const PALETTES: Record<Exclude<ThemeName, 'mono'>, { rich: Tags; basic: Tags }> = {
  dark: {
    // 256 colours and truecolour: 245 is #8a8a8a, readable on any dark background.
    rich: { ...DARK_BASIC, dim: '245-fg' },
    // 8 or 16 colours: no grey that is not black somewhere, so dim text is the default colour.
    basic: DARK_BASIC,
  },
  light: {
    // Darker tints that hold on white: 241 grey, 28 green, 130 orange, 160 red, 25 blue.
    rich: {
      dim: '241-fg',
      ok: '28-fg',
      warn: '130-fg',
      bad: '160-fg',
      accent: '25-fg',
      tagged: '130-fg+bold',
      critical: '160-fg',
      high: '160-fg',
      medium: '130-fg',
      low: '25-fg',
    },
    // Yellow and cyan vanish on white: magenta and blue stand in.
    basic: {
      ok: 'green-fg',
      warn: 'magenta-fg',
      bad: 'red-fg',
      accent: 'blue-fg',
      tagged: 'magenta-fg+bold',
      critical: 'red-fg',
      high: 'red-fg',
      medium: 'magenta-fg',
      low: 'blue-fg',
    },
  },
};

function wrapper(list: string | undefined): [string, string] | null {
  if (!list) return null;
  const names = list.split('+');
  return [
    names.map((n) => `{${n}}`).join(''),
    [...names]
      .reverse()
      .map((n) => `{/${n}}`)
      .join(''),
  ];
}

export interface ThemeOptions {
  name: ThemeName;
  depth: ColorDepth;
}

/** A theme; `makeTheme(false)` is the colourless one, `makeTheme(true)` the dark one at 256 colours. */
export function makeTheme(opts: ThemeOptions | boolean): Theme {
  const o: ThemeOptions = typeof opts === 'boolean' ? { name: 'dark', depth: opts ? 256 : 0 } : opts;
  const color = o.depth > 0 && o.name !== 'mono';
  const palette = color
    ? PALETTES[o.name as Exclude<ThemeName, 'mono'>][o.depth >= 256 ? 'rich' : 'basic']
    : {};
  const tags = new Map<Style, [string, string] | null>();
  const tagsOf = (style: Style) => {
    let t = tags.get(style);
    if (t === undefined) {
      const list = [ATTRIBUTES[style], palette[style]].filter(Boolean).join('+');
      t = wrapper(list);
      tags.set(style, t);
    }
    return t;
  };
  return {
    name: o.name,
    color,
    paint(style, text) {
      const safe = escapeBlessedTags(text);
      if (safe === '') return '';
      const t = tagsOf(style);
      return t ? t[0] + safe + t[1] : safe;
    },
    chrome: color
      ? { border: 'blue', label: o.name === 'light' ? 'blue' : 'cyan' }
      : { border: null, label: null },
  };
}

/** Plain text, escaped for a tagged widget. */
export function plain(text: string): string {
  return escapeBlessedTags(text);
}

export function severityStyle(s: Severity): Style {
  return s;
}

/** Green / yellow / red by how full something is. */
export function levelStyle(percent: number | null, warn = 70, bad = 90): Style {
  if (percent === null) return 'dim';
  return percent >= bad ? 'bad' : percent >= warn ? 'warn' : 'ok';
}

/** One theme per name at a depth, made once (the controller switches between them). */
export function themeCache(depth: ColorDepth): (name: ThemeName) => Theme {
  const made = new Map<ThemeName, Theme>();
  return (name) => {
    let t = made.get(name);
    if (!t) {
      t = makeTheme({ name, depth });
      made.set(name, t);
    }
    return t;
  };
}
