// Memory pane: RAM and swap gauges, cache and pressure (PSI), and a used-RAM history chart.
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import type { OomForesight } from '../src/core/types.ts';
import type { PaneRenderer } from './pane.ts';
import { levelStyle } from './theme.ts';
import { bar, chart, fitTo, rightTo } from './widgets.ts';

function gauge(
  input: Parameters<PaneRenderer>[0],
  label: string,
  used: number,
  total: number,
  width: number,
): string {
  const pct = total > 0 ? (used / total) * 100 : null;
  const figures = ` ${formatBytes(used)}/${formatBytes(total)}`;
  const tail = rightTo(figures, Math.min(16, Math.max(10, figures.length)));
  const inner = Math.max(1, width - label.length - 2 - tail.length);
  return (
    input.theme.paint('accent', label) +
    '[' +
    input.theme.paint(levelStyle(pct, 80, 90), bar(pct, inner)) +
    ']' +
    input.theme.paint('dim', tail)
  );
}

function oomLine(input: Parameters<PaneRenderer>[0], oom: OomForesight, width: number): string {
  const v = oom.victim!;
  let text = input.tr('tui.mem.oomNext', { name: v.name, pid: v.pid, score: v.score });
  if (oom.timeToOomSecs !== null)
    text += `  ${input.tr('tui.mem.oomEta', { eta: formatDuration(oom.timeToOomSecs) })}`;
  return input.theme.paint(oom.timeToOomSecs !== null ? 'warn' : 'dim', fitTo(text, width));
}

export const renderMemory: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (!s || height <= 0) return [theme.paint('dim', fitTo(tr('tui.waiting'), width))];
  const m = s.memory;
  const lines: string[] = [];
  lines.push(gauge(input, tr('tui.mem.ram'), m.usedBytes, m.totalBytes, width));
  if (height > 1) {
    lines.push(
      m.swapTotalBytes > 0
        ? gauge(input, tr('tui.mem.swap'), m.swapUsedBytes, m.swapTotalBytes, width)
        : theme.paint('dim', fitTo(`${tr('tui.mem.swap')} ${tr('tui.mem.noSwap')}`, width)),
    );
  }
  if (height > 2) {
    // Most useful first; what does not fit the width is left out rather than cut.
    const psi = m.pressure
      ? `${tr('tui.mem.psi')} ${m.pressure.some10.toFixed(1)}/${m.pressure.full10.toFixed(1)}`
      : `${tr('tui.mem.psi')} -`;
    const pct = m.totalBytes ? (m.usedBytes / m.totalBytes) * 100 : null;
    const parts = [
      `${tr('tui.mem.used')} ${formatPercent(pct)}`,
      `${tr('tui.mem.avail')} ${formatBytes(m.availableBytes)}`,
      psi,
      `${tr('tui.mem.cache')} ${formatBytes(m.cachedBytes)}`,
    ];
    let text = parts[0]!;
    for (const part of parts.slice(1)) if (text.length + 2 + part.length <= width) text += '  ' + part;
    const stressed = m.pressure !== null && m.pressure.some10 >= 10;
    lines.push(theme.paint(stressed ? 'warn' : 'title', fitTo(text, width)));
  }
  // OOM foresight: who the kernel would kill first and, memory trending down, when.
  if (height > 3 && s.oom?.victim) lines.push(oomLine(input, s.oom, width));
  const chartRows = height - lines.length;
  if (chartRows > 0) {
    const series = input.history.map((h) =>
      h.memory.totalBytes ? (h.memory.usedBytes / h.memory.totalBytes) * 100 : null,
    );
    for (const row of chart(series, width, chartRows, 100)) lines.push(theme.paint('ok', row));
  }
  return lines.slice(0, height);
};
