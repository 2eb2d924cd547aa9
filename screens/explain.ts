// The explanation modal: a spinner while waiting, then the diagnosis, the facts, the proposed
// actions with Vigil's verdict (never the model's own risk label; a kill the policy allows can be
// applied after a confirmation that names the real process), prevention advice.
import type { Keymap } from '../keymaps/keymap.ts';
import { firstKey } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import type { DialogView } from './dialog.ts';
import type { ExplainAction, Modal } from './model.ts';
import { isApplicable } from './reduce-modal.ts';
import { plain, type Style, type Theme } from './theme.ts';
import { fitTo, wrap } from './widgets.ts';

type ExplainModal = Extract<Modal, { kind: 'explain' }>;

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
type Tr = (k: string, p?: Params) => string;

/** Vigil's verdict on a proposal as a badge: allowed, refused, or unverified (not a kill). */
function badgeOf(a: ExplainAction, tr: Tr): { text: string; style: Style } {
  if (a.check?.kind !== 'kill') return { text: tr('explain.check.badgeUnverified'), style: 'dim' };
  return a.check.allowed
    ? { text: tr('explain.check.badgeAllowed'), style: 'ok' }
    : { text: tr('explain.check.badgeRefused'), style: 'bad' };
}

/** What the proposal does, said from /proc (the real pid and name), not from the model's text. */
function headOf(a: ExplainAction, tr: Tr): string {
  const target = a.check?.target;
  if (target) return tr('explain.check.kill', { pid: target.pid, name: target.name, signal: target.signal });
  if (a.type === 'kill_process') return tr('explain.check.killGone', { target: a.target });
  return `${a.type} ${a.target}`;
}

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
      const badge = badgeOf(a, tr);
      const selected = i === m.action;
      if (selected) focusLine = body.length;
      const head = fitTo(
        `${selected ? '>' : ' '} ${headOf(a, tr)}`,
        Math.max(0, width - badge.text.length - 1),
      );
      body.push(
        theme.paint(badge.style, badge.text) + ' ' + (selected ? theme.paint('selected', head) : plain(head)),
      );
      const notes = [a.check?.verdict ?? tr('explain.check.advice'), a.explanation];
      if (a.check?.kind !== 'kill' && a.command)
        notes.push(tr('explain.check.modelText', { command: a.command }));
      for (const n of notes.filter(Boolean))
        for (const l of wrap(n, width - 4)) body.push(theme.paint('dim', '    ' + l));
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
    const target = selected?.check?.target;
    if (m.apply.step === 'confirm' && target) {
      focusLine = body.length;
      // The question names what the signal would reach, read from /proc when the answer came.
      const question = tr('tui.explain.applyConfirm', {
        signal: target.signal,
        pid: target.pid,
        name: target.name,
      });
      body.push(theme.paint('warn', fitTo(question, width)));
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
