// The view the user set up in the screen (sort, tree, columns, theme, kernel threads), kept
// between runs in DATA_DIR/tui.json like htoprc. `[ui]` config keys are the defaults; the saved
// view wins over them until `vigil watch --reset-view`. A broken or hostile file is ignored field
// by field, never trusted: only known values are taken.
import { closeSync, constants, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { VigilConfig } from '../src/config/types.ts';
import { writePrivate } from '../src/core/files.ts';
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

/** The saved fields of `text` that are valid, over `base`. */
export function parseSavedView(text: string, base: ViewSettings): ViewSettings {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return base;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return base;
  const o = data as Record<string, unknown>;
  const view = { ...base };
  if (isIn<SortKey>(SORT_KEYS, o.sort)) view.sort = o.sort;
  if (typeof o.desc === 'boolean') view.desc = o.desc;
  if (typeof o.tree === 'boolean') view.tree = o.tree;
  if (typeof o.kernelThreads === 'boolean') view.kernelThreads = o.kernelThreads;
  if (isIn<ThemeName>(THEMES, o.theme)) view.theme = o.theme;
  if (Array.isArray(o.columns) && o.columns.every((c) => isIn<ColumnId>(COLUMN_IDS, c))) {
    view.columns = COLUMN_IDS.filter((c) => (o.columns as unknown[]).includes(c));
  }
  return view;
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

/** The view to start with: `[ui]`, then what tui.json saved (unless `reset`, which deletes it). */
export function loadView(dataDir: string, ui: VigilConfig['ui'], reset: boolean): ViewSettings {
  const base = viewFromConfig(ui);
  const path = join(dataDir, VIEW_FILE);
  if (reset) {
    try {
      unlinkSync(path);
    } catch {
      // nothing saved
    }
    return base;
  }
  const text = readNoFollow(path);
  return text === null ? base : parseSavedView(text, base);
}

/** Save the view; a failure is reported to `onError` (the screen goes on). */
export function saveView(dataDir: string, view: ViewSettings, onError: (err: Error) => void): void {
  try {
    writePrivate(join(dataDir, VIEW_FILE), `${JSON.stringify(view, null, 2)}\n`);
  } catch (err) {
    onError(err as Error);
  }
}
