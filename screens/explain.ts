// The explanation modal: a spinner while waiting, then the diagnosis, the facts, the proposed
// actions with risk badges (a safe kill can be applied, after a confirmation), prevention advice.
import type { Keymap } from '../keymaps/keymap.ts';
import { firstKey } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import type { DialogView } from './dialog.ts';
import type { Modal } from './model.ts';
import { isApplicable } from './reduce-modal.ts';
import { plain, type Style, type Theme } from './theme.ts';
import { fitTo, wrap } from './widgets.ts';

type ExplainModal = Extract<Modal, { kind: 'explain' }>;

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const RISK_STYLE: Record<string, Style> = { safe: 'ok', moderate: 'warn', dangerous: 'bad' };

export function spinnerFrame(elapsedMs: number): string {
  return SPINNER[Math.floor(Math.max(0, elapsedMs) / 100) % SPINNER.length]!;
}

export function renderExplain(
  m: ExplainModal,
  keymap: Keymap,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
  now: number,
  aiEnabled: boolean,
): DialogView {
  const key = (id: Parameters<typeof firstKey>[1]) => firstKey(keymap, id);
  const subject =
    'alert' in m.subject
      ? `${m.subject.alert.rule}: ${m.subject.alert.message}`
      : `${m.subject.pid} ${m.subject.name}`;
  const title = tr('tui.explain.title', { subject: fitTo(subject, Math.max(10, width - 20)).trimEnd() });
  if (m.status === 'waiting' || !m.view) {
    const secs = Math.floor((now - m.startedAt) / 1000);
    const what = aiEnabled ? tr('tui.explain.askingAi') : tr('tui.explain.local');
    return {
      title,
      body: [theme.paint('accent', `${spinnerFrame(now - m.startedAt)} `) + plain(`${what} ${secs}s`)],
      footer: `${key('modal_close')} ${tr('tui.key.cancel')}`,
    };
  }
  const v = m.view;
  const body: string[] = [];
  const source = v.source === 'ai' ? tr('tui.explain.sourceAi') : tr('tui.explain.sourceLocal');
  body.push(
    theme.paint('title', fitTo(v.title, Math.max(0, width - source.length - 3))) +
      ' ' +
      theme.paint(v.source === 'ai' ? 'accent' : 'dim', `[${source}]`),
  );
  if (v.severity)
    body.push(theme.paint(v.severity as Style, tr('tui.explain.severity', { severity: v.severity })));
  if (v.note) for (const l of wrap(v.note, width)) body.push(theme.paint('dim', l));
  body.push('');
  body.push(theme.paint('title', tr('tui.explain.diagnosis')));
  for (const l of wrap(v.diagnostic, width)) body.push(plain(l));
  if (v.facts.length) {
    body.push('');
    for (const f of v.facts) for (const l of wrap(f, width)) body.push(theme.paint('dim', l));
  }
  let focusLine: number | undefined;
  if (v.actions.length) {
    body.push('');
    body.push(theme.paint('title', tr('tui.explain.actions')));
    v.actions.forEach((a, i) => {
      const badge = `[${a.risk.toUpperCase()}]`;
      const selected = i === m.action;
      if (selected) focusLine = body.length;
      const head = fitTo(`${selected ? '>' : ' '} ${a.command}`, Math.max(0, width - badge.length - 1));
      body.push(
        theme.paint(RISK_STYLE[a.risk] ?? 'dim', badge) +
          ' ' +
          (selected ? theme.paint('selected', head) : plain(head)),
      );
      for (const l of wrap(a.explanation, width - 4)) body.push(theme.paint('dim', '    ' + l));
    });
  }
  if (v.prevention) {
    body.push('');
    body.push(theme.paint('title', tr('tui.explain.prevention')));
    for (const l of wrap(v.prevention, width)) body.push(plain(l));
  }
  let footer = `${key('modal_close')} ${tr('tui.key.close')}  ${key('modal_page_down')}/${key('modal_page_up')} ${tr('tui.key.scroll')}`;
  const selected = v.actions[m.action];
  if (selected) {
    footer =
      (isApplicable(selected) ? `${key('modal_apply')} ${tr('tui.key.apply')}  ` : '') +
      `${key('modal_down')}/${key('modal_up')} ${tr('tui.key.choose')}  ` +
      footer;
  }
  if (m.apply) {
    body.push('');
    if (m.apply.step === 'confirm' && selected) {
      focusLine = body.length;
      body.push(
        theme.paint('warn', fitTo(tr('tui.explain.applyConfirm', { command: selected.command }), width)),
      );
      footer = `${key('modal_yes')} ${tr('tui.key.yes')}  ${key('modal_no')} ${tr('tui.key.no')}`;
    } else if (m.apply.step === 'sending') {
      focusLine = body.length;
      body.push(plain(tr('tui.explain.applying')));
    } else {
      focusLine = body.length;
      const text = m.apply.text.startsWith('tui.') ? tr(m.apply.text) : m.apply.text;
      for (const l of wrap(text, width)) body.push(theme.paint('warn', l));
      footer = `${key('modal_close')} ${tr('tui.key.close')}`;
    }
  }
  return { title, body, footer, ...(focusLine !== undefined ? { focusLine } : {}) };
}
