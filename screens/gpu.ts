// GPU pane: one line per GPU (utilisation, memory, temperature), or a quiet "no GPU".
import { formatBytes, formatPercent } from '../src/core/format.ts';
import type { PaneRenderer } from './pane.ts';
import { levelStyle } from './theme.ts';
import { bar, fitTo } from './widgets.ts';

export const renderGpu: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (height <= 0) return [];
  if (!s || s.gpus.length === 0) return [theme.paint('dim', fitTo(tr('tui.gpu.none'), width))];
  const lines: string[] = [];
  for (const g of s.gpus) {
    if (lines.length >= height) break;
    const mem =
      g.memoryTotalBytes !== null
        ? ` ${formatBytes(g.memoryUsedBytes)}/${formatBytes(g.memoryTotalBytes)}`
        : '';
    const temp = g.temperatureC !== null ? ` ${Math.round(g.temperatureC)}°C` : '';
    const tail = ` ${formatPercent(g.utilizationPercent, 0)}${mem}${temp}`;
    const name = `${g.index} ${g.name}`;
    const room = width - tail.length;
    if (room >= 14) {
      const nameW = Math.min(name.length, Math.floor(room / 2));
      const barW = Math.max(1, room - nameW - 3);
      lines.push(
        theme.paint('accent', fitTo(name, nameW)) +
          ' [' +
          theme.paint(levelStyle(g.utilizationPercent), bar(g.utilizationPercent, barW)) +
          ']' +
          theme.paint('dim', tail),
      );
    } else {
      lines.push(fitTo(name + tail, width));
    }
  }
  return lines;
};
