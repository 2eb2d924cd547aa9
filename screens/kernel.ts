// The kernel strip: recent warnings from the kernel log or the journal, newest first, OOM kills
// highlighted. Pure; the feed keeps the events (screens/feed.ts).
import type { KernelEvent } from '../src/core/types.ts';
import type { PaneRenderer } from './pane.ts';
import type { Style } from './theme.ts';
import { fitTo } from './widgets.ts';

/** syslog priorities 0–4 (emerg … warning) and every OOM kill are worth a line. */
export function isKernelWarning(e: KernelEvent): boolean {
  return e.oom !== undefined || e.priority <= 4;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** One line per event: `12:03 OOM killed 4242 (python3)` or `12:04 <the message>`. */
export function kernelLine(
  e: KernelEvent,
  tr: (k: string, p?: Record<string, string | number>) => string,
): string {
  const what = e.oom ? tr('tui.kernel.oom', { pid: e.oom.pid, name: e.oom.name }) : e.message;
  return `${clock(e.time)} ${what}`;
}

export function kernelStyle(e: KernelEvent): Style {
  return e.oom || e.priority <= 3 ? 'bad' : 'warn';
}

export const renderKernel: PaneRenderer = (input, width, height) => {
  const { theme, tr } = input;
  const events = input.kernel ?? [];
  if (height <= 0) return [];
  if (events.length === 0) return [theme.paint('ok', fitTo(tr('tui.kernel.none'), width))];
  return events.slice(0, height).map((e) => theme.paint(kernelStyle(e), fitTo(kernelLine(e, tr), width)));
};
