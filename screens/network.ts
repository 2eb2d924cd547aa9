// Network pane: per interface, receive and transmit rates.
import { formatBytes } from '../src/core/format.ts';
import type { PaneRenderer } from './pane.ts';
import { fitTo, rightTo } from './widgets.ts';

const rate = (n: number | null) => (n === null ? '-' : formatBytes(n) + '/s');

export const renderNetwork: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (height <= 0) return [];
  if (!s || s.network.length === 0) return [theme.paint('dim', fitTo(tr('tui.net.none'), width))];
  const lines: string[] = [];
  const ifaces = [...s.network].sort(
    (a, b) =>
      (b.rxBytesPerSec ?? 0) + (b.txBytesPerSec ?? 0) - ((a.rxBytesPerSec ?? 0) + (a.txBytesPerSec ?? 0)),
  );
  for (const n of ifaces) {
    if (lines.length >= height) break;
    const figures = `↓${rightTo(rate(n.rxBytesPerSec), 8)} ↑${rightTo(rate(n.txBytesPerSec), 8)}`;
    const nameW = Math.max(4, width - figures.length - 1);
    lines.push(
      theme.paint('accent', fitTo(n.interface, nameW)) +
        ' ' +
        theme.paint('dim', fitTo(figures, width - nameW - 1)),
    );
  }
  return lines;
};
