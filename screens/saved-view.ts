// The view the user set up in the screen (sort, tree, columns, theme, kernel threads), kept
// between runs in DATA_DIR/tui.json like htoprc. `[ui]` config keys are the defaults; the saved
// view wins over them until `vigil watch --reset-view`. A broken or hostile file is ignored field
// by field, never trusted: only known values are taken, and the status line says what was not.
import { closeSync, constants, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { VigilConfig } from '../src/config/types.ts';
import { writePrivate } from '../src/core/files.ts';
import { sanitize } from '../src/core/sanitize.ts';
import type { Language } from '../src/i18n/catalogue.ts';
import { t } from '../src/i18n/index.ts';
import { COLUMN_IDS, type ColumnId } from './columns.ts';
import { DEFAULT_VIEW, type ViewSettings } from './model.ts';
import { defaultDesc, SORT_KEYS, type SortKey } from './processes.ts';
import { THEMES, type ThemeName } from './theme.ts';

export const VIEW_FILE = 'tui.json';
/** A view file is a few hundred bytes; anything much larger is not ours. */
const MAX_BYTES = 64 * 1024;

/** The view `[ui]` asks for. */
export function viewFromConfig(ui: VigilConfig['ui']): ViewSettings {
  return {
    ...DEFAULT_VIEW,
    sort: ui.sort,
    desc: defaultDesc(ui.sort),
    tree: ui.tree,
    kernelThreads: ui.kernel_threads,
    theme: ui.theme,
    columns: COLUMN_IDS.filter((c) => ui.columns.includes(c)),
  };
}

const isIn = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/** What a saved view held, over `base`, and what in it was not taken. */
export interface SavedView {
  view: ViewSettings;
  /** Null when the file was read whole; else `invalid` (no JSON object) or the fields ignored. */
  problem: { kind: 'invalid'; error: string } | { kind: 'fields'; fields: string[] } | null;
}

/** A value as the message quotes it: short, one line. */
const quote = (v: unknown): string => JSON.stringify(v)?.slice(0, 40) ?? String(v);

/** The saved fields of `text` that are valid, over `base`; the rest is named, never taken. */
export function parseSavedView(text: string, base: ViewSettings): SavedView {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { view: base, problem: { kind: 'invalid', error: (err as Error).message } };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return {
      view: base,
      problem: { kind: 'invalid', error: `a JSON ${Array.isArray(data) ? 'array' : typeof data}` },
    };
  const o = data as Record<string, unknown>;
  const view = { ...base };
  const bad: string[] = [];
  const take = (key: string, ok: boolean, set: () => void) => {
    if (!(key in o)) return;
    if (ok) set();
    else bad.push(`${key}=${quote(o[key])}`);
  };
  take('sort', isIn<SortKey>(SORT_KEYS, o.sort), () => {
    view.sort = o.sort as SortKey;
  });
  take('desc', typeof o.desc === 'boolean', () => {
    view.desc = o.desc as boolean;
  });
  take('tree', typeof o.tree === 'boolean', () => {
    view.tree = o.tree as boolean;
  });
  take('kernelThreads', typeof o.kernelThreads === 'boolean', () => {
    view.kernelThreads = o.kernelThreads as boolean;
  });
  take('theme', isIn<ThemeName>(THEMES, o.theme), () => {
    view.theme = o.theme as ThemeName;
  });
  const columns = o.columns;
  take('columns', Array.isArray(columns) && columns.every((c) => isIn<ColumnId>(COLUMN_IDS, c)), () => {
    view.columns = COLUMN_IDS.filter((c) => (columns as unknown[]).includes(c));
  });
  return { view, problem: bad.length ? { kind: 'fields', fields: bad } : null };
}

/** Read a file without following a symlink at its place; null when absent or unreadable. */
function readNoFollow(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(MAX_BYTES);
    const n = readSync(fd, buf, 0, MAX_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The view to start with, and a message for the status line when the saved one was not taken whole. */
export interface LoadedView {
  view: ViewSettings;
  message: string | null;
}

/**
 * The view to start with: `[ui]`, then what tui.json saved (unless `reset`, which deletes it). A
 * file that is not a saved view gives the `[ui]` view and a message saying where, what and how
 * to start afresh; invalid fields are named and the valid ones kept.
 */
export function loadView(
  dataDir: string,
  ui: VigilConfig['ui'],
  reset: boolean,
  lang: Language = 'en',
): LoadedView {
  const base = viewFromConfig(ui);
  const path = join(dataDir, VIEW_FILE);
  if (reset) {
    try {
      unlinkSync(path);
    } catch {
      // nothing saved
    }
    return { view: base, message: null };
  }
  const text = readNoFollow(path);
  if (text === null) return { view: base, message: null };
  const { view, problem } = parseSavedView(text, base);
  if (!problem) return { view, message: null };
  const message =
    problem.kind === 'invalid'
      ? t(lang, 'tui.view.invalid', { path, error: sanitize(problem.error, 120) })
      : t(lang, 'tui.view.fields', { path, fields: sanitize(problem.fields.join(', '), 160) });
  return { view, message };
}

/** Save the view; a failure is reported to `onError` (the screen goes on). */
export function saveView(dataDir: string, view: ViewSettings, onError: (err: Error) => void): void {
  try {
    writePrivate(join(dataDir, VIEW_FILE), `${JSON.stringify(view, null, 2)}\n`);
  } catch (err) {
    onError(err as Error);
  }
}
