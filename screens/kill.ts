// The kill dialog: what will be signalled (one process, every tagged one, or the processes of a
// storm / duplicate alert as one action, listed), the signal choice, one confirmation for all,
// then one result per process. A thread row says which process
// the signal reaches: a signal to a thread goes to its whole thread group.
import type { Keymap } from '../keymaps/keymap.ts';
import { firstKey } from '../keymaps/keymap.ts';
import { formatBytes } from '../src/core/format.ts';
import type { Params } from '../src/i18n/index.ts';
import type { DialogView } from './dialog.ts';
import { type Modal, type ProcessTarget, SIGNALS } from './model.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo, wrap } from './widgets.ts';

type KillModal = Extract<Modal, { kind: 'kill' }>;
type Tr = (k: string, p?: Params) => string;

/** The target's lines: pid, name, owner, memory, and for a thread the process it belongs to. */
function targetLines(t: ProcessTarget, theme: Theme, tr: Tr, width: number, full: boolean): string[] {
  const lines = [
    theme.paint('title', fitTo(`${t.pid}  ${t.name}  (${t.user}, ${formatBytes(t.rssBytes)})`, width)),
  ];
  if (t.process) {
    lines.push(
      theme.paint(
        'warn',
        fitTo(tr('tui.kill.thread', { tid: t.pid, pid: t.process.pid, name: t.process.name }), width),
      ),
    );
  }
  const cmd = t.cmdline || `[${t.name}]`;
  for (const l of full ? wrap(cmd, width).slice(0, 3) : [fitTo(`  ${cmd}`, width)])
    lines.push(theme.paint('dim', l));
  return lines;
}

/** The list's heading: an alert's group (with its total memory), or the tagged processes. */
function heading(m: KillModal, tr: Tr): string {
  if (!m.group) return tr('tui.kill.tagged', { n: m.targets.length });
  const rss = formatBytes(m.targets.reduce((sum, t) => sum + t.rssBytes, 0));
  return tr('tui.kill.group', { id: m.group.alertId, n: m.targets.length, rss });
}

function targetsBlock(m: KillModal, theme: Theme, tr: Tr, width: number): string[] {
  if (m.targets.length === 1 && !m.group) return [...targetLines(m.targets[0]!, theme, tr, width, true), ''];
  const body = [theme.paint('title', fitTo(heading(m, tr), width))];
  for (const t of m.targets) body.push(...targetLines(t, theme, tr, width, false));
  body.push('');
  return body;
}

export function renderKill(m: KillModal, keymap: Keymap, theme: Theme, tr: Tr, width: number): DialogView {
  const key = (id: Parameters<typeof firstKey>[1]) => firstKey(keymap, id);
  const title = tr('tui.kill.title');
  const body = targetsBlock(m, theme, tr, width);
  if (m.step === 'choose') {
    body.push(plain(tr('tui.kill.choose')));
    let focusLine = 0;
    SIGNALS.forEach((sig, i) => {
      const line = fitTo(`  ${sig}`, 14) + tr(`tui.signal.${sig}`);
      if (i === m.signal) focusLine = body.length;
      body.push(i === m.signal ? theme.paint('selected', fitTo(line, width)) : plain(fitTo(line, width)));
    });
    const footer = `${key('modal_confirm')} ${tr('tui.key.choose')}  ${key('modal_close')} ${tr('tui.key.cancel')}`;
    return { title, body, footer, focusLine };
  }
  const sig = SIGNALS[m.signal]!;
  if (m.step === 'confirm') {
    const one = m.targets.length === 1 ? m.targets[0]! : null;
    const question = m.group
      ? tr('tui.kill.confirmGroup', { signal: sig, n: m.targets.length, id: m.group.alertId })
      : one
        ? tr('tui.kill.confirm', {
            signal: sig,
            pid: one.process?.pid ?? one.pid,
            name: one.process?.name ?? one.name,
          })
        : tr('tui.kill.confirmMany', { signal: sig, n: m.targets.length });
    body.push(theme.paint('warn', fitTo(question, width)));
    return {
      title,
      body,
      footer: `${key('modal_yes')} ${tr('tui.key.yes')}  ${key('modal_no')} ${tr('tui.key.no')}`,
      focusLine: body.length - 1,
    };
  }
  if (m.step === 'sending') {
    body.push(plain(tr('tui.kill.sending', { signal: sig, pid: m.targets.map((t) => t.pid).join(' ') })));
    return { title, body, footer: '' };
  }
  m.results.forEach((r, i) => {
    const who = m.targets.length > 1 ? `${m.targets[i]?.pid ?? '?'} ` : '';
    for (const l of wrap(`${who}${r.outcome}: ${r.reason}`, width))
      body.push(theme.paint(r.ok ? 'ok' : 'bad', l));
  });
  return { title, body, footer: `${key('modal_close')} ${tr('tui.key.close')}` };
}
