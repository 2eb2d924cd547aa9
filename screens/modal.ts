// The modal dialog: which dialog the state shows, and the box it sits in (centred, at most 96
// columns, as tall as its body allows, the body scrolled so the focused line stays visible).
// Pure: the modal and the layout in, text out; the reducer's modal page comes from here too.
import { firstKey, type Keymap } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import { renderDetails } from './details.ts';
import type { DialogView } from './dialog.ts';
import { renderExplain } from './explain.ts';
import { renderHelp } from './help.ts';
import { renderKill } from './kill.ts';
import type { Layout, Rect } from './layout.ts';
import type { Modal, UiState } from './model.ts';
import { renderSetup, renderUsers } from './pickers.ts';
import type { Theme } from './theme.ts';

/** What the dialogs are drawn with, besides the modal itself. */
export interface DialogInput {
  keymap: Keymap;
  theme: Theme;
  tr: (k: string, p?: Params) => string;
  now: number;
  aiEnabled: boolean;
  /** What the setup dialog shows as chosen. */
  state: Pick<UiState, 'theme' | 'columns'>;
}

/** The modal box as the view places it. */
export interface ModalBox {
  rect: Rect;
  label: string;
  content: string;
}

const boxWidth = (layout: Layout): number => Math.min(layout.cols - 4, 96);
const boxHeight = (view: DialogView, layout: Layout): number =>
  Math.min(layout.rows - 2, view.body.length + 4);

export function dialogFor(m: Modal, layout: Layout, d: DialogInput): DialogView {
  const w = boxWidth(layout) - 4;
  switch (m.kind) {
    case 'help':
      return renderHelp(d.keymap, d.theme, d.tr, w);
    case 'details':
      return renderDetails(m, d.theme, d.tr, w, firstKey(d.keymap, 'modal_close'));
    case 'kill':
      return renderKill(m, d.keymap, d.theme, d.tr, w);
    case 'explain':
      return renderExplain(m, d.keymap, d.theme, d.tr, w, d.now, d.aiEnabled);
    case 'users':
      return renderUsers(m, d.keymap, d.theme, d.tr, w);
    case 'setup':
      return renderSetup(m, d.state, d.keymap, d.theme, d.tr, w);
  }
}

/** Body lines the box shows at once: the reducer's modal page. */
export function dialogPage(view: DialogView, layout: Layout): number {
  return Math.max(1, boxHeight(view, layout) - 4);
}

/** The first body line shown: the modal's scroll, moved to keep the focused line in view. */
function firstShown(view: DialogView, scroll0: number, page: number): number {
  let scroll = scroll0;
  if (view.focusLine !== undefined) {
    if (view.focusLine < scroll) scroll = view.focusLine;
    if (view.focusLine >= scroll + page) scroll = view.focusLine - page + 1;
  }
  return Math.max(0, Math.min(scroll, Math.max(0, view.body.length - page)));
}

export function modalBox(view: DialogView, scroll0: number, layout: Layout, theme: Theme): ModalBox {
  const w = boxWidth(layout);
  const h = boxHeight(view, layout);
  const page = dialogPage(view, layout);
  const scroll = firstShown(view, scroll0, page);
  const visible = view.body.slice(scroll, scroll + page);
  while (visible.length < page) visible.push('');
  const more =
    view.body.length > page
      ? ` ${scroll + 1}-${Math.min(view.body.length, scroll + page)}/${view.body.length}`
      : '';
  const content = [...visible.map((l) => ' ' + l), '', ' ' + theme.paint('dim', view.footer + more)].join(
    '\n',
  );
  return {
    rect: {
      top: Math.max(0, Math.floor((layout.rows - h) / 2)),
      left: Math.floor((layout.cols - w) / 2),
      width: w,
      height: h,
    },
    label: ` ${view.title.replace(/[{}]/g, '')} `,
    content,
  };
}
