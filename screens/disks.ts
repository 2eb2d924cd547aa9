// Disks pane: per filesystem, used space, read/write throughput and latency.
import { formatBytes } from '../src/core/format.ts';
import type { PaneRenderer } from './pane.ts';
import { levelStyle } from './theme.ts';
import { fitTo, rightTo } from './widgets.ts';

const rate = (n: number | null) => (n === null ? '-' : formatBytes(n) + '/s');

export const renderDisks: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (height <= 0) return [];
  if (!s || s.disks.length === 0) return [theme.paint('dim', fitTo(tr('tui.disks.none'), width))];
  const lines: string[] = [];
  const disks = [...s.disks].sort((a, b) => a.freePercent - b.freePercent);
  for (const d of disks) {
    if (lines.length >= height) break;
    const used = 100 - d.freePercent;
    const pct = rightTo(`${Math.round(used)}%`, 4);
    const io = `r ${rate(d.readBytesPerSec)} w ${rate(d.writeBytesPerSec)}`;
    const lat = d.latencyMs !== null ? ` ${d.latencyMs.toFixed(1)}ms` : '';
    const size = ` ${formatBytes(d.totalBytes)}`;
    const tail = `${size} ${io}${lat}`;
    const mountW = Math.max(6, Math.min(d.mount.length, width - pct.length - 1 - tail.length));
    const line =
      theme.paint('accent', fitTo(d.mount, mountW)) +
      ' ' +
      theme.paint(levelStyle(used, 100 - 10 * 2, 100 - 10), pct) +
      theme.paint('dim', fitTo(tail, Math.max(0, width - mountW - 1 - pct.length)));
    lines.push(line);
  }
  return lines;
};
