// Colours as blessed tags, or none at all (NO_COLOR / --no-color). Every piece of text is
// escaped before it is wrapped, so a process named `{red-fg}` shows literally.
import { escapeBlessedTags } from '../src/core/sanitize.ts';
import type { Severity } from '../src/core/types.ts';

export type Style =
  | 'title'
  | 'header'
  | 'dim'
  | 'ok'
  | 'warn'
  | 'bad'
  | 'accent'
  | 'selected'
  | 'critical'
  | 'high'
  | 'medium'
  | 'low';

export interface Theme {
  color: boolean;
  /** Escape `text` and wrap it in the style's tags. */
  paint(style: Style, text: string): string;
}

const TAGS: Record<Style, [string, string]> = {
  title: ['{bold}', '{/bold}'],
  header: ['{inverse}', '{/inverse}'],
  dim: ['{gray-fg}', '{/gray-fg}'],
  ok: ['{green-fg}', '{/green-fg}'],
  warn: ['{yellow-fg}', '{/yellow-fg}'],
  bad: ['{red-fg}', '{/red-fg}'],
  accent: ['{cyan-fg}', '{/cyan-fg}'],
  selected: ['{inverse}', '{/inverse}'],
  critical: ['{red-fg}{bold}', '{/bold}{/red-fg}'],
  high: ['{red-fg}', '{/red-fg}'],
  medium: ['{yellow-fg}', '{/yellow-fg}'],
  low: ['{cyan-fg}', '{/cyan-fg}'],
};

// Without colour, emphasis that does not rely on colour still helps (selection, headers).
const MONO: Partial<Record<Style, [string, string]>> = {
  title: ['{bold}', '{/bold}'],
  header: ['{inverse}', '{/inverse}'],
  selected: ['{inverse}', '{/inverse}'],
  critical: ['{bold}', '{/bold}'],
};

export function makeTheme(color: boolean): Theme {
  return {
    color,
    paint(style, text) {
      const safe = escapeBlessedTags(text);
      if (safe === '') return '';
      const tags = color ? TAGS[style] : MONO[style];
      return tags ? tags[0] + safe + tags[1] : safe;
    },
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
