// CPU pane: per-core bars, load averages, frequency/temperature, and a usage history chart.
import { formatPercent } from '../src/core/format.ts';
import type { PaneRenderer } from './pane.ts';
import { levelStyle } from './theme.ts';
import { bar, chart, fitTo, rightTo } from './widgets.ts';

export const renderCpu: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (!s || height <= 0) return [theme.paint('dim', fitTo(tr('tui.waiting'), width))];
  const cpu = s.cpu;
  const lines: string[] = [];
  // One or two columns of per-core bars, never more rows than leave room for the load line.
  const maxBarRows = Math.max(1, height - 1);
  const columns = cpu.perCore.length > maxBarRows ? 2 : 1;
  const barRows = Math.min(maxBarRows, Math.ceil(cpu.perCore.length / columns));
  const colW = Math.floor((width - (columns - 1)) / columns);
  const label = String(Math.max(0, cpu.perCore.length - 1)).length;
  for (let r = 0; r < barRows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const i = r + c * barRows;
      if (i >= cpu.perCore.length) break;
      const pct = cpu.perCore[i] ?? null;
      const pctText = rightTo(formatPercent(pct), 6);
      const inner = Math.max(1, colW - label - 3 - 6);
      cells.push(
        input.theme.paint('accent', String(i).padStart(label)) +
          '[' +
          theme.paint(levelStyle(pct), bar(pct, inner)) +
          ']' +
          theme.paint('dim', pctText) +
          ' ',
      );
    }
    lines.push(cells.join(''));
  }
  if (cpu.perCore.length > barRows * columns) {
    lines.push(
      theme.paint(
        'dim',
        fitTo(tr('tui.cpu.moreCores', { n: cpu.perCore.length - barRows * columns }), width),
      ),
    );
  }
  const facts = [
    `${tr('tui.cpu.load')} ${cpu.load1.toFixed(2)} ${cpu.load5.toFixed(2)} ${cpu.load15.toFixed(2)}`,
    `${tr('tui.cpu.total')} ${formatPercent(cpu.usagePercent)}`,
    cpu.frequencyMhz ? `${(cpu.frequencyMhz / 1000).toFixed(1)}GHz` : '',
    cpu.temperatureC !== null ? `${Math.round(cpu.temperatureC)}°C` : '',
  ].filter(Boolean);
  if (lines.length < height) {
    const overloaded = cpu.cores > 0 && cpu.load1 > cpu.cores;
    // What does not fit the width is left out rather than cut.
    let text = facts[0]!;
    for (const f of facts.slice(1)) if (text.length + 2 + f.length <= width) text += '  ' + f;
    lines.push(theme.paint(overloaded ? 'warn' : 'title', fitTo(text, width)));
  }
  const chartRows = height - lines.length;
  if (chartRows > 0) {
    const series = input.history.map((h) => h.cpu.usagePercent);
    const rows = chart(series, width, chartRows, 100);
    for (const row of rows) lines.push(theme.paint('accent', row));
  }
  return lines.slice(0, height);
};
