// Network pane: per interface, receive and transmit rates; open connections on the last line.
import { formatBytes } from '../src/core/format.ts';
import type { PaneRenderer } from './pane.ts';
import { fitTo, rightTo } from './widgets.ts';

const rate = (n: number | null) => (n === null ? '-' : formatBytes(n) + '/s');

export interface ConnectionTotals {
  /** Every TCP and UDP socket but listening ones. */
  total: number;
  established: number;
  listening: number;
  udp: number;
}

/** Totals of the collector's counts (`tcp.ESTABLISHED`, `tcp.LISTEN`, `udp.CLOSE`…), or null. */
export function connectionTotals(counts: Readonly<Record<string, number>> | null): ConnectionTotals | null {
  if (!counts) return null;
  const t = { total: 0, established: 0, listening: 0, udp: 0 };
  let any = false;
  for (const [key, n] of Object.entries(counts)) {
    any = true;
    if (key === 'tcp.LISTEN') t.listening += n;
    else if (key.startsWith('udp.')) t.udp += n;
    else {
      t.total += n;
      if (key === 'tcp.ESTABLISHED') t.established += n;
    }
  }
  return any ? t : null;
}

export const renderNetwork: PaneRenderer = (input, width, height) => {
  const { snapshot: s, theme, tr } = input;
  if (height <= 0) return [];
  if (!s || s.network.length === 0) return [theme.paint('dim', fitTo(tr('tui.net.none'), width))];
  const conns = connectionTotals(input.connections ?? null);
  const room = conns && height > 1 ? height - 1 : height;
  const lines: string[] = [];
  const ifaces = [...s.network].sort(
    (a, b) =>
      (b.rxBytesPerSec ?? 0) + (b.txBytesPerSec ?? 0) - ((a.rxBytesPerSec ?? 0) + (a.txBytesPerSec ?? 0)),
  );
  for (const n of ifaces) {
    if (lines.length >= room) break;
    const figures = `↓${rightTo(rate(n.rxBytesPerSec), 8)} ↑${rightTo(rate(n.txBytesPerSec), 8)}`;
    const nameW = Math.max(4, width - figures.length - 1);
    lines.push(
      theme.paint('accent', fitTo(n.interface, nameW)) +
        ' ' +
        theme.paint('dim', fitTo(figures, width - nameW - 1)),
    );
  }
  if (conns && lines.length < height) {
    lines.push(theme.paint('title', fitTo(tr('tui.net.connections', { ...conns }), width)));
  }
  return lines;
};
