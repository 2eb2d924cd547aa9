// The kill dialog: what will be signalled, the signal choice, a confirmation, the result.
import type { Keymap } from '../keymaps/keymap.ts';
import { firstKey } from '../keymaps/keymap.ts';
import { formatBytes } from '../src/core/format.ts';
import type { Params } from '../src/i18n/index.ts';
import type { DialogView } from './dialog.ts';
import { type Modal, SIGNALS } from './state.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo, wrap } from './widgets.ts';

type KillModal = Extract<Modal, { kind: 'kill' }>;

export function renderKill(
  m: KillModal,
  keymap: Keymap,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
): DialogView {
  const t = m.target;
  const body: string[] = [
    theme.paint('title', fitTo(`${t.pid}  ${t.name}  (${t.user}, ${formatBytes(t.rssBytes)})`, width)),
  ];
  for (const l of wrap(t.cmdline || `[${t.name}]`, width).slice(0, 3)) body.push(theme.paint('dim', l));
  body.push('');
  const key = (id: Parameters<typeof firstKey>[1]) => firstKey(keymap, id);
  let focusLine: number | undefined;
  if (m.step === 'choose') {
    body.push(plain(tr('tui.kill.choose')));
    SIGNALS.forEach((sig, i) => {
      const line = fitTo(`  ${sig}`, 14) + tr(`tui.signal.${sig}`);
      if (i === m.signal) focusLine = body.length;
      body.push(i === m.signal ? theme.paint('selected', fitTo(line, width)) : plain(fitTo(line, width)));
    });
    return {
      title: tr('tui.kill.title'),
      body,
      footer: `${key('modal_confirm')} ${tr('tui.key.choose')}  ${key('modal_close')} ${tr('tui.key.cancel')}`,
      ...(focusLine !== undefined ? { focusLine } : {}),
    };
  }
  const sig = SIGNALS[m.signal]!;
  if (m.step === 'confirm') {
    body.push(
      theme.paint('warn', fitTo(tr('tui.kill.confirm', { signal: sig, pid: t.pid, name: t.name }), width)),
    );
    return {
      title: tr('tui.kill.title'),
      body,
      footer: `${key('modal_yes')} ${tr('tui.key.yes')}  ${key('modal_no')} ${tr('tui.key.no')}`,
    };
  }
  if (m.step === 'sending') {
    body.push(plain(tr('tui.kill.sending', { signal: sig, pid: t.pid })));
    return { title: tr('tui.kill.title'), body, footer: '' };
  }
  const r = m.result;
  if (r) {
    for (const l of wrap(`${r.outcome}: ${r.reason}`, width)) body.push(theme.paint(r.ok ? 'ok' : 'bad', l));
  }
  return { title: tr('tui.kill.title'), body, footer: `${key('modal_close')} ${tr('tui.key.close')}` };
}
