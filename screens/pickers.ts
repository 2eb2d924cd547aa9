// Two small choice dialogs: the user filter (htop's `u`) and setup (F2: theme and columns).
import { firstKey, type Keymap } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import { columnLabel } from './columns.ts';
import type { DialogView } from './dialog.ts';
import type { Modal, UiState } from './model.ts';
import { SETUP_ITEMS } from './reduce-modal.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo } from './widgets.ts';

type Tr = (k: string, p?: Params) => string;

function choices(lines: string[], index: number, theme: Theme, width: number): string[] {
  return lines.map((l, i) =>
    i === index ? theme.paint('selected', fitTo(l, width)) : plain(fitTo(l, width)),
  );
}

export function renderUsers(
  m: Extract<Modal, { kind: 'users' }>,
  keymap: Keymap,
  theme: Theme,
  tr: Tr,
  width: number,
): DialogView {
  const lines = [tr('tui.users.all'), ...m.users];
  return {
    title: tr('tui.users.title'),
    body: choices(lines, m.index, theme, width),
    footer: `${firstKey(keymap, 'modal_confirm')} ${tr('tui.key.choose')}  ${firstKey(keymap, 'modal_close')} ${tr('tui.key.cancel')}`,
    focusLine: m.index,
  };
}

export function renderSetup(
  m: Extract<Modal, { kind: 'setup' }>,
  state: Pick<UiState, 'theme' | 'columns'>,
  keymap: Keymap,
  theme: Theme,
  tr: Tr,
  width: number,
): DialogView {
  const lines = SETUP_ITEMS.map((item) =>
    item.kind === 'theme'
      ? `${tr('tui.setup.theme')}: ${state.theme}`
      : `[${state.columns.includes(item.id) ? 'x' : ' '}] ${tr('tui.setup.column')} ${columnLabel(item.id)}`,
  );
  const body = [
    theme.paint('dim', fitTo(tr('tui.setup.saved'), width)),
    '',
    ...choices(lines, m.index, theme, width),
  ];
  return {
    title: tr('tui.setup.title'),
    body,
    footer: `${firstKey(keymap, 'modal_confirm')} ${tr('tui.key.toggle')}  ${firstKey(keymap, 'modal_close')} ${tr('tui.key.close')}`,
    focusLine: m.index + 2,
  };
}
