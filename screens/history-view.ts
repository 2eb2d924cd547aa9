// The history view on screen: blessed-contrib line charts (CPU; memory and swap; load; the
// fullest disk; RSS by program) over the window, each with its time axis in local time. What a
// blessed-contrib line chart cannot draw — gaps, incident markers and a cursor — is drawn with a
// plain blessed box over each chart's bottom border, at the columns the chart put its points
// (docs/dependencies.md). Loaded by the controller on the first open, so `vigil watch` does not
// load blessed-contrib until the view is asked for.
import { createRequire } from 'node:module';
import blessed from 'blessed';
import { escapeBlessedTags } from '../src/core/sanitize.ts';
import { type ChartModel, HISTORY_POINTS, type HistoryModel, timelineCells } from './history.ts';
import type { Theme } from './theme.ts';

/** A blessed-contrib line chart, as far as it is used here. */
interface LineChart extends blessed.Widgets.BoxElement {
  setData(data: { title: string; x: string[]; y: number[]; style?: { line: string | number } }[]): void;
}
type LineFactory = (options: Record<string, unknown>) => LineChart;

let factory: LineFactory | null = null;
/** Only the line chart module: blessed-contrib's index loads every widget (maps, markdown…). */
function lineFactory(): LineFactory {
  factory ??= createRequire(import.meta.url)('blessed-contrib/lib/widget/charts/line.js') as LineFactory;
  return factory;
}

/** Line colours per theme: the TUI's accents; `normal` (the terminal's own) without colour. */
const PALETTE: Record<string, (string | number)[]> = {
  dark: ['cyan', 'green', 'yellow', 'magenta'],
  light: [25, 28, 130, 90],
};

export interface HistoryOverlay {
  /** Draw the model (null: loading), with a header and a footer line. */
  show(model: HistoryModel | null, header: string, footer: string, theme: Theme): void;
  hide(): void;
  destroy(): void;
}

/** Where each chart goes: two per row, the last (RSS by program) across the whole width. */
function grid(
  cols: number,
  rows: number,
): { id: ChartModel['id']; top: number; left: number; width: number; height: number }[] {
  const h = Math.max(6, Math.floor((rows - 2) / 3));
  const half = Math.floor(cols / 2);
  return [
    { id: 'cpu', top: 1, left: 0, width: half, height: h },
    { id: 'memory', top: 1, left: half, width: cols - half, height: h },
    { id: 'load', top: 1 + h, left: 0, width: half, height: h },
    { id: 'disk', top: 1 + h, left: half, width: cols - half, height: h },
    { id: 'programs', top: 1 + 2 * h, left: 0, width: cols, height: Math.max(6, rows - 2 - 2 * h) },
  ];
}

/** The y-axis label width blessed-contrib will want (its own formula), so the x axis is known. */
function labelPadding(c: ChartModel): number {
  const max = c.maxY ?? Math.max(0, ...c.series.flatMap((s) => s.y)) * 1.2;
  const fixed = !c.whole && max / 4 < 1 && max !== 0 ? 2 : 0;
  return Math.max(6, max.toFixed(fixed).length * 2);
}

/** The column (inside the chart's border) where blessed-contrib puts point `i`. */
function pointColumn(width: number, padding: number): (i: number) => number {
  const canvas = width * 2 - 12;
  return (i) => Math.floor((((canvas - padding) / HISTORY_POINTS) * i + padding + 2) / 2);
}

export function createHistoryOverlay(screen: blessed.Widgets.Screen): HistoryOverlay {
  const Line = lineFactory();
  const frame = blessed.box({
    parent: screen,
    top: 0,
    left: 0,
    width: '100%',
    height: '100%',
    tags: true,
    hidden: true,
  });
  const header = blessed.box({ parent: frame, top: 0, left: 0, width: '100%', height: 1, tags: true });
  const footer = blessed.box({ parent: frame, bottom: 0, left: 0, width: '100%', height: 1, tags: true });
  let charts: {
    chart: LineChart;
    axis: blessed.Widgets.BoxElement;
    id: ChartModel['id'];
    padding: number;
  }[] = [];
  let size = '';

  function build(theme: Theme, models: readonly ChartModel[]): void {
    for (const c of charts) {
      c.chart.destroy();
      c.axis.destroy();
    }
    const cols = screen.width as number;
    const rows = screen.height as number;
    charts = grid(cols, rows).map((g) => {
      const model = models.find((m) => m.id === g.id)!;
      const padding = labelPadding(model);
      const colors = PALETTE[theme.color ? theme.name : ''] ?? ['normal'];
      const chart = Line({
        top: g.top,
        left: g.left,
        width: g.width,
        height: g.height,
        border: { type: 'line' },
        label: ` ${escapeBlessedTags(model.label)} `,
        tags: true,
        showLegend: model.series.length > 1,
        legend: {
          width: Math.min(
            Math.max(0, ...model.series.map((x) => x.title.length)) + 3,
            Math.floor(g.width / 3),
          ),
        },
        xLabelPadding: padding,
        xPadding: padding,
        numYLabels: 4,
        wholeNumbersOnly: model.whole,
        style: { line: colors[0], text: theme.color ? colors[0] : 'normal', baseline: 'normal', border: {} },
        ...(model.maxY !== undefined ? { maxY: model.maxY } : {}),
      });
      frame.append(chart);
      const axis = blessed.box({
        parent: frame,
        top: g.top + g.height - 1,
        left: g.left + 1,
        width: g.width - 2,
        height: 1,
        tags: true,
      });
      return { chart, axis, id: g.id, padding };
    });
  }

  function draw(model: HistoryModel, theme: Theme): void {
    const colors = PALETTE[theme.color ? theme.name : ''] ?? ['normal'];
    for (const c of charts) {
      const m = model.charts.find((x) => x.id === c.id)!;
      c.chart.setLabel(` ${escapeBlessedTags(m.label)} `);
      // blessed-contrib needs a series: a chart with nothing recorded draws a flat one.
      const series = m.series.length ? m.series : [{ title: '-', y: model.x.map(() => 0) }];
      c.chart.setData(
        series.map((s, i) => ({
          title: s.title,
          x: model.x,
          y: s.y,
          style: { line: colors[i % colors.length]! },
        })),
      );
      const width = (c.chart.width as number) - 2;
      const column = pointColumn(c.chart.width as number, c.padding);
      const cells = timelineCells(model, width, column).map((ch) =>
        ch === '▲'
          ? theme.paint('bad', ch)
          : ch === '┃'
            ? theme.paint('selected', ch)
            : theme.paint('dim', ch),
      );
      c.axis.setContent(cells.join(''));
    }
  }

  return {
    show(model, head, foot, theme) {
      header.setContent(theme.paint('header', head.padEnd(screen.width as number)));
      footer.setContent(theme.paint('dim', foot));
      if (model) {
        const now = `${screen.width}x${screen.height}:${theme.name}:${theme.color}`;
        if (now !== size || charts.length === 0) {
          size = now;
          build(theme, model.charts);
        }
        draw(model, theme);
      }
      if (frame.hidden) frame.show();
      frame.setFront();
    },
    hide() {
      if (!frame.hidden) frame.hide();
    },
    destroy() {
      frame.destroy();
    },
  };
}
