// The details dialog of a process (everything the snapshot knows) or of an alert.
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import type { ProcessSnapshot } from '../src/core/types.ts';
import type { Params } from '../src/i18n/index.ts';
import { alertDetails } from './alerts.ts';
import type { DialogView } from './dialog.ts';
import type { Modal } from './model.ts';
import { plain, type Theme } from './theme.ts';
import { wrap } from './widgets.ts';

type DetailsModal = Extract<Modal, { kind: 'details' }>;

export function processDetails(p: ProcessSnapshot, tr: (k: string, p?: Params) => string): string[] {
  return [
    `${tr('tui.proc.pid')}: ${p.pid}   ${tr('tui.proc.ppid')}: ${p.ppid}   pgid: ${p.pgid}   sid: ${p.sid}`,
    `${tr('tui.proc.user')}: ${p.user} (${p.uid})   ${tr('tui.proc.state')}: ${p.state}`,
    `${tr('tui.proc.name')}: ${p.name}`,
    `${tr('tui.proc.cmdline')}: ${p.cmdline || '-'}`,
    `CPU: ${formatPercent(p.cpuPercent)}   RSS: ${formatBytes(p.rssBytes)}   ${tr('tui.proc.threads')}: ${p.threads}   fds: ${p.fds ?? '-'}`,
    `${tr('tui.proc.started')}: ${p.startTime} (${formatDuration(p.ageSeconds)})`,
    // Which unit or container holds it (services vs a user's processes, containers).
    ...(p.cgroup && p.cgroup !== '/' ? [`cgroup: ${p.cgroup}`] : []),
  ];
}

export function renderDetails(
  m: DetailsModal,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
  closeKey: string,
): DialogView {
  const raw = m.alert ? alertDetails(m.alert, tr) : m.proc ? processDetails(m.proc, tr) : [];
  const body: string[] = [];
  raw.forEach((line, i) => {
    if (line === '') body.push('');
    else if (i === 0 && m.alert)
      body.push(theme.paint(m.alert.state === 'resolved' ? 'dim' : m.alert.severity, line));
    else for (const l of wrap(line, width)) body.push(plain(l));
  });
  return {
    title: m.alert ? tr('tui.alerts.details') : tr('tui.proc.details', { pid: m.proc?.pid ?? 0 }),
    body,
    footer: `${closeKey} ${tr('tui.key.close')}`,
  };
}
