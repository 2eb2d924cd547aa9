// The compact meters over the process table (htop's header): per-core CPU bars on the left;
// memory, swap, load and tasks, and one I/O line (fullest disk, busiest interface, open
// connections) on the right; the GPU when there is one. Pure: snapshot in, tagged lines out.
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import type { Snapshot } from '../src/core/types.ts';
import { connectionTotals } from './network.ts';
import type { PaneInput } from './pane.ts';
import { levelStyle, type Theme } from './theme.ts';
import { fitTo, width as textWidth } from './widgets.ts';

/** `Label[|||||      text]`: htop's meter, the figure inside the bar's right end. */
export function meter(
  theme: Theme,
  label: string,
  pct: number | null,
  text: string,
  width: number,
  warn = 70,
  bad = 90,
): string {
  const inner = Math.max(0, width - textWidth(label) - 2);
  if (inner <= 0) return theme.paint('accent', fitTo(label, width));
  const figure = textWidth(text) <= inner ? text : '';
  const filled = pct === null ? 0 : Math.round((Math.min(100, Math.max(0, pct)) / 100) * inner);
  const room = inner - textWidth(figure);
  const bars = '|'.repeat(Math.min(filled, room));
  return (
    theme.paint('accent', label) +
    '[' +
    theme.paint(levelStyle(pct, warn, bad), bars) +
    ' '.repeat(room - bars.length) +
    theme.paint('dim', figure) +
    ']'
  );
}

function coreBars(s: Snapshot, theme: Theme, width: number, lines: number): string[] {
  const cores = s.cpu.perCore;
  const label = String(Math.max(0, cores.length - 1)).length;
  const columns = Math.max(1, Math.ceil(cores.length / lines));
  const colW = Math.floor((width - (columns - 1)) / columns);
  if (colW < label + 8) {
    // Too many cores for the width: one average bar.
    const text = `${formatPercent(s.cpu.usagePercent)} ×${cores.length}`;
    return [meter(theme, 'CPU', s.cpu.usagePercent, text, width)];
  }
  const out: string[] = [];
  for (let r = 0; r < Math.min(lines, cores.length); r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const i = r + c * lines;
      if (i >= cores.length) break;
      const pct = cores[i] ?? null;
      cells.push(meter(theme, String(i).padStart(label), pct, formatPercent(pct), colW));
    }
    const used = cells.length * colW + cells.length - 1;
    out.push(cells.join(' ') + ' '.repeat(Math.max(0, width - used)));
  }
  if (out.length < lines && cores.length > 1) {
    out.push(meter(theme, 'Avg', s.cpu.usagePercent, formatPercent(s.cpu.usagePercent), width));
  }
  return out;
}

function ioLine(input: PaneInput, width: number): string {
  const { snapshot: s, theme } = input;
  if (!s) return '';
  const parts: string[] = [];
  const disk = [...s.disks].sort((a, b) => a.freePercent - b.freePercent)[0];
  if (disk) parts.push(`${disk.mount} ${Math.round(100 - disk.freePercent)}%`);
  const net = [...s.network].sort(
    (a, b) =>
      (b.rxBytesPerSec ?? 0) + (b.txBytesPerSec ?? 0) - ((a.rxBytesPerSec ?? 0) + (a.txBytesPerSec ?? 0)),
  )[0];
  if (net) {
    const rate = (n: number | null) => (n === null ? '-' : formatBytes(n));
    parts.push(`${net.interface} ↓${rate(net.rxBytesPerSec)} ↑${rate(net.txBytesPerSec)}`);
  }
  const conns = connectionTotals(input.connections ?? null);
  if (conns) parts.push(input.tr('tui.net.connShort', { n: conns.total }));
  return theme.paint('dim', fitTo(parts.join('  '), width));
}

function rightColumn(input: PaneInput, width: number): string[] {
  const { snapshot: s, theme, tr } = input;
  if (!s) return [];
  const m = s.memory;
  const memPct = m.totalBytes > 0 ? (m.usedBytes / m.totalBytes) * 100 : null;
  const lines = [
    meter(
      theme,
      tr('tui.mem.ram'),
      memPct,
      `${formatBytes(m.usedBytes)}/${formatBytes(m.totalBytes)}`,
      width,
      80,
      90,
    ),
    m.swapTotalBytes > 0
      ? meter(
          theme,
          tr('tui.mem.swap'),
          (m.swapUsedBytes / m.swapTotalBytes) * 100,
          `${formatBytes(m.swapUsedBytes)}/${formatBytes(m.swapTotalBytes)}`,
          width,
          50,
          80,
        )
      : theme.paint('dim', fitTo(`${tr('tui.mem.swap')} ${tr('tui.mem.noSwap')}`, width)),
  ];
  const running = s.processes.reduce((n, p) => n + (p.state === 'R' ? 1 : 0), 0);
  const load = `${tr('tui.cpu.load')} ${s.cpu.load1.toFixed(2)} ${s.cpu.load5.toFixed(2)} ${s.cpu.load15.toFixed(2)}`;
  const tasks = tr('tui.meters.tasks', { n: s.processes.length, running });
  const up = `${tr('tui.meters.up')} ${formatDuration(s.uptimeSeconds)}`;
  let facts = load;
  for (const part of [tasks, up]) if (textWidth(facts) + 2 + textWidth(part) <= width) facts += `  ${part}`;
  const overloaded = s.cpu.cores > 0 && s.cpu.load1 > s.cpu.cores;
  lines.push(theme.paint(overloaded ? 'warn' : 'title', fitTo(facts, width)));
  lines.push(ioLine(input, width));
  for (const g of s.gpus) {
    const mem =
      g.memoryTotalBytes !== null
        ? ` ${formatBytes(g.memoryUsedBytes)}/${formatBytes(g.memoryTotalBytes)}`
        : '';
    const temp = g.temperatureC !== null ? ` ${Math.round(g.temperatureC)}°C` : '';
    lines.push(
      meter(
        theme,
        `GPU${g.index}`,
        g.utilizationPercent,
        `${formatPercent(g.utilizationPercent, 0)}${mem}${temp}`,
        width,
      ),
    );
  }
  return lines;
}

/** The meters, `height` lines of exactly `width` columns. */
export function renderMeters(input: PaneInput, width: number, height: number): string[] {
  const { snapshot: s, theme, tr } = input;
  if (height <= 0) return [];
  if (!s) return [theme.paint('dim', fitTo(tr('tui.waiting'), width))];
  const leftW = Math.floor((width - 1) / 2);
  const rightW = width - leftW - 1;
  const left = coreBars(s, theme, leftW, height);
  const right = rightColumn(input, rightW);
  const out: string[] = [];
  for (let i = 0; i < height; i++) {
    const l = left[i] ?? ' '.repeat(leftW);
    const r = right[i] ?? '';
    out.push(`${l} ${r}`);
  }
  return out;
}
