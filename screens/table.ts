// The process table as text: a header (the sort column marked ▼/▲), then one line per visible
// row; the selected row in inverse, tagged rows marked, thread rows and placing ancestors dimmed,
// the command column scrolled sideways by ←/→. Pure.
import { type CellContext, COLUMN_IDS, type ColumnId, type PlacedColumn, placeColumns } from './columns.ts';
import type { ProcessRow, SortKey } from './processes.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo, rightTo, takeColumns, width as textWidth } from './widgets.ts';

export interface TableView extends CellContext {
  rows: readonly ProcessRow[];
  selectedKey: string | null;
  scroll: number;
  sort: SortKey;
  desc: boolean;
  focused: boolean;
  followKey: string | null;
  columns?: readonly ColumnId[];
  tagged?: ReadonlySet<string>;
  /** Columns the command is scrolled right by. */
  commandScroll?: number;
  /** Lines of the last frame (createLineCache), so an unchanged row is not laid out again. */
  lines?: LineCache;
}

/** One row's last line and what it was made of. */
interface CachedLine {
  cells: string[];
  command: string;
  prefix: string;
  style: string | null;
  layout: string;
  theme: Theme;
  line: string;
}

/**
 * The lines of the last frame by row key. A row whose cells, command, style and layout are the
 * same as last frame (most of them: idle processes) gets its line back without padding, cutting
 * and escaping it again. Rows not drawn in a frame are forgotten.
 */
export interface LineCache {
  lines: Map<string, CachedLine>;
}

export function createLineCache(): LineCache {
  return { lines: new Map() };
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where the columns sit in a table `width` wide (for header clicks, and the renderer). */
export function tableColumns(view: Pick<TableView, 'columns' | 'gpuMemory'>, width: number): PlacedColumn[] {
  return placeColumns(view.columns ?? COLUMN_IDS, width, view.gpuMemory != null);
}

/** A command line from column `from` on (← / →), with a marker where text was skipped. */
export function scrolledCommand(text: string, from: number): string {
  if (from <= 0) return text;
  const skipped = takeColumns(text, from);
  const rest = text.slice(skipped.text.length);
  return rest ? `«${rest}` : '«';
}

function cellText(col: PlacedColumn, value: string): string {
  return col.spec.right ? rightTo(value, col.spec.width) : fitTo(value, col.spec.width);
}

function rowStyle(row: ProcessRow, view: TableView): 'selected' | 'title' | 'tagged' | 'dim' | 'ok' | null {
  if (row.key === view.selectedKey) return view.focused ? 'selected' : 'title';
  if (view.tagged?.has(row.key)) return 'tagged';
  if (!row.match || row.proc.state === 'Z') return 'dim';
  if (row.proc.state === 'R' || (row.proc.cpuPercent ?? 0) >= 50) return 'ok';
  return null;
}

/** Header + visible rows. */
export function renderProcessTable(view: TableView, theme: Theme, width: number, height: number): string[] {
  if (height <= 0) return [];
  const cols = tableColumns(view, width);
  const command = cols[cols.length - 1]!;
  const mark = view.desc ? '▼' : '▲';
  const head = cols
    .map((c) => cellText(c, c.spec.sort === view.sort ? c.spec.label + mark : c.spec.label))
    .join(' ');
  const lines = [theme.paint('header', fitTo(head, width))];
  const page = height - 1;
  const shift = view.commandScroll ?? 0;
  const layout = `${width}|${shift}|${cols.map((c) => c.spec.id).join(',')}`;
  const fixedCols = cols.slice(0, -1);
  const drawn = new Map<string, CachedLine>();
  for (let i = view.scroll; i < Math.min(view.rows.length, view.scroll + page); i++) {
    const row = view.rows[i]!;
    const mark = view.tagged?.has(row.key) ? '*' : '';
    const cells = fixedCols.map((c) => c.spec.cell(row.proc, view));
    if (mark) cells.push(mark);
    // A container's first row names it (tree view).
    const commandText = (row.label ?? '') + command.spec.cell(row.proc, view);
    const style = rowStyle(row, view);
    const last = view.lines?.lines.get(row.key);
    if (
      last &&
      last.command === commandText &&
      last.style === style &&
      last.prefix === row.prefix &&
      last.layout === layout &&
      last.theme === theme &&
      sameCells(last.cells, cells)
    ) {
      lines.push(last.line);
      drawn.set(row.key, last);
      continue;
    }
    const line = rowLine(
      row,
      fixedCols,
      cells,
      mark,
      commandText,
      command.spec.width,
      shift,
      style,
      theme,
      width,
    );
    lines.push(line);
    drawn.set(row.key, { cells, command: commandText, prefix: row.prefix, style, layout, theme, line });
  }
  if (view.lines) view.lines.lines = drawn;
  return lines;
}

/** One row's line: the fixed cells, then the command (tree guides dimmed, scrolled by ←/→). */
function rowLine(
  row: ProcessRow,
  fixedCols: readonly PlacedColumn[],
  cells: readonly string[],
  mark: string,
  commandText: string,
  commandWidth: number,
  shift: number,
  style: ReturnType<typeof rowStyle>,
  theme: Theme,
  width: number,
): string {
  const fixed = fixedCols
    .map((c, n) => {
      const v = cells[n]!;
      return cellText(c, n === 0 && mark ? mark + rightTo(v, c.spec.width - 1) : v);
    })
    .join(' ');
  const cmd = fitTo(row.prefix + scrolledCommand(commandText, shift), commandWidth);
  const text = fitTo(`${fixed} ${cmd}`, width);
  if (style) return theme.paint(style, text);
  if (commandWidth === 0) return plain(text);
  // Tree guides and kernel threads dimmed, the command itself plain.
  const pre = [...cmd].slice(0, [...row.prefix].length).join('');
  const rest = [...cmd].slice([...row.prefix].length).join('');
  const cmdText =
    row.proc.kernelThread || row.thread ? theme.paint('dim', cmd) : theme.paint('dim', pre) + plain(rest);
  return plain(fitTo(fixed, textWidth(fixed))) + ' ' + cmdText;
}
