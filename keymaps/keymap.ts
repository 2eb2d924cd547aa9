// Keymaps as data: resolve a keymap file (with `extends`), apply the user's `[keys]` overrides,
// validate (every command bound, no key bound twice in one context), and match key presses.
import { COMMAND_LIST, type CommandContext, type CommandId, isCommandId } from './commands.ts';
import defaultMap from './default.json' with { type: 'json' };
import vimMap from './vim.json' with { type: 'json' };

export interface KeymapFile {
  name: string;
  description?: string;
  extends?: string;
  bindings: Record<string, string[]>;
}

export const KEYMAP_FILES: Record<string, KeymapFile> = {
  default: defaultMap as KeymapFile,
  vim: vimMap as KeymapFile,
};

export type KeymapName = 'default' | 'vim';

export interface Keymap {
  name: string;
  /** Command → keys, in display order. */
  bindings: Record<CommandId, string[]>;
  /** context → key → command. */
  lookup: Record<CommandContext, Map<string, CommandId>>;
}

/** A keymap problem, phrased for the user (the CLI turns it into a one-line error, exit 2). */
export class KeymapError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.problems = problems;
    this.name = 'KeymapError';
  }
}

const NAMED_KEYS = new Set([
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'enter',
  'escape',
  'tab',
  'S-tab',
  'space',
  'backspace',
  'delete',
  'insert',
]);
const ALIASES: Record<string, string> = {
  pgup: 'pageup',
  pgdn: 'pagedown',
  pgdown: 'pagedown',
  esc: 'escape',
  return: 'enter',
  del: 'delete',
  ins: 'insert',
  'shift-tab': 'S-tab',
  backtab: 'S-tab',
};

/**
 * The canonical name of a key as written in a keymap or config: `f1`…`f12`, named keys
 * (`up`, `pageup`, `enter`, `escape`…), `C-x` (Ctrl), `M-x` (Alt), or one printable character
 * (case matters: `G` is shift-g). Returns null for anything else.
 */
export function canonicalKey(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0) return null;
  if ([...raw].length === 1) {
    const code = raw.codePointAt(0)!;
    if (raw === ' ') return 'space';
    return code >= 0x21 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) ? raw : null;
  }
  const lower = raw.toLowerCase();
  if (/^f([1-9]|1[0-2])$/.test(lower)) return lower;
  if (ALIASES[lower]) return ALIASES[lower]!;
  if (lower === 's-tab') return 'S-tab';
  if (NAMED_KEYS.has(lower)) return lower;
  const mod = /^(c|ctrl|control|m|alt|meta)-(.)$/i.exec(raw);
  if (mod) {
    const kind = mod[1]!.toLowerCase();
    const prefix = kind === 'c' || kind === 'ctrl' || kind === 'control' ? 'C-' : 'M-';
    const ch = mod[2]!.toLowerCase();
    if (/^[a-z0-9]$/.test(ch)) return prefix + ch;
  }
  return null;
}

/** What blessed reports for a key press, reduced to the canonical key name ('' to ignore). */
export function keyFromPress(
  ch: string | undefined,
  key: { full?: string; ctrl?: boolean; meta?: boolean },
): string {
  if (ch && [...ch].length === 1 && !key.ctrl && !key.meta) {
    const code = ch.codePointAt(0)!;
    if (ch === ' ') return 'space';
    if (code >= 0x21 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) return ch;
  }
  const full = key.full ?? '';
  // blessed reports a carriage return twice, as `enter` and as `return`: keep one.
  if (full === 'return') return '';
  return canonicalKey(full) ?? full;
}

function resolveFile(name: string, seen: string[] = []): Record<string, string[]> {
  const file = KEYMAP_FILES[name];
  if (!file)
    throw new KeymapError([
      `unknown keymap '${name}' (expected one of: ${Object.keys(KEYMAP_FILES).join(', ')})`,
    ]);
  if (seen.includes(name)) throw new KeymapError([`keymap '${name}' extends itself`]);
  const base = file.extends ? resolveFile(file.extends, [...seen, name]) : {};
  return { ...base, ...file.bindings };
}

function didYouMean(word: string, options: readonly string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word, o);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * Build a keymap: the named file (and what it extends), then `overrides` (config `[keys]`:
 * command → key or keys, replacing that command's keys). Throws KeymapError listing every
 * problem: unknown command or key, a command left without a key, a key bound twice in a context.
 */
export function buildKeymap(name: string, overrides: Record<string, string | string[]> = {}): Keymap {
  const problems: string[] = [];
  const merged = resolveFile(name);
  for (const [cmd, keys] of Object.entries(overrides)) {
    if (!isCommandId(cmd)) {
      problems.push(
        `[keys] unknown command '${cmd}'${didYouMean(
          cmd,
          COMMAND_LIST.map((c) => c.id),
        )}`,
      );
      continue;
    }
    const list = Array.isArray(keys) ? keys : [keys];
    if (!list.every((k) => typeof k === 'string')) {
      problems.push(`[keys] ${cmd}: expected a key or a list of keys`);
      continue;
    }
    merged[cmd] = list;
  }
  const bindings = {} as Record<CommandId, string[]>;
  const lookup: Record<CommandContext, Map<string, CommandId>> = {
    main: new Map(),
    modal: new Map(),
    input: new Map(),
    replay: new Map(),
  };
  for (const cmd of Object.keys(merged)) {
    if (!isCommandId(cmd)) problems.push(`keymap '${name}': unknown command '${cmd}'`);
  }
  for (const spec of COMMAND_LIST) {
    const raw = merged[spec.id] ?? [];
    const keys: string[] = [];
    for (const k of raw) {
      const c = canonicalKey(k);
      if (c === null) {
        problems.push(
          `${spec.id}: unknown key '${k}' (expected f1–f12, up, pageup, enter, C-x, a character…)`,
        );
        continue;
      }
      if (keys.includes(c)) continue;
      keys.push(c);
      const other = lookup[spec.context].get(c);
      if (other) problems.push(`key '${c}' is bound to both '${other}' and '${spec.id}'`);
      else lookup[spec.context].set(c, spec.id);
    }
    if (keys.length === 0) problems.push(`command '${spec.id}' has no key in keymap '${name}'`);
    bindings[spec.id] = keys;
  }
  if (problems.length) throw new KeymapError(problems);
  return { name, bindings, lookup };
}

/** The command a key runs in a context, or null. */
export function commandFor(keymap: Keymap, context: CommandContext, key: string): CommandId | null {
  return keymap.lookup[context].get(key) ?? null;
}

/** How a key is shown to the user: `F1`, `PgUp`, `Ctrl-R`, `Enter`, `?`. */
export function displayKey(key: string): string {
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  const names: Record<string, string> = {
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    home: 'Home',
    end: 'End',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'S-tab': 'Shift-Tab',
    space: 'Space',
    backspace: 'Backspace',
    delete: 'Del',
    insert: 'Ins',
  };
  if (names[key]) return names[key]!;
  if (key.startsWith('C-')) return 'Ctrl-' + key.slice(2).toUpperCase();
  if (key.startsWith('M-')) return 'Alt-' + key.slice(2);
  return key;
}

/** The first key of a command, for hints (`F1 help`). */
export function firstKey(keymap: Keymap, id: CommandId): string {
  return displayKey(keymap.bindings[id][0] ?? '?');
}
