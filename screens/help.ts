// The help screen, generated from the keymap in force and the command list.
import { COMMAND_LIST, type CommandSpec } from '../keymaps/commands.ts';
import { displayKey, firstKey, type Keymap } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import type { DialogView } from './dialog.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo } from './widgets.ts';

const GROUPS: CommandSpec['group'][] = [
  'navigation',
  'processes',
  'actions',
  'view',
  'replay',
  'dialogs',
  'filter',
];

export function renderHelp(
  keymap: Keymap,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
): DialogView {
  const keyW = Math.min(24, Math.max(12, Math.floor(width / 3)));
  const body: string[] = [theme.paint('dim', fitTo(tr('tui.help.keymap', { name: keymap.name }), width)), ''];
  for (const g of GROUPS) {
    body.push(theme.paint('title', tr(`tui.group.${g}`)));
    for (const c of COMMAND_LIST as readonly CommandSpec[]) {
      if (c.group !== g) continue;
      const keys = keymap.bindings[c.id as keyof Keymap['bindings']].map(displayKey).join(' ');
      body.push(
        theme.paint('accent', fitTo('  ' + keys, keyW)) +
          ' ' +
          plain(fitTo(tr(`tui.cmd.${c.id}`), width - keyW - 1)),
      );
    }
    body.push('');
  }
  body.push(theme.paint('dim', tr('tui.help.ctrlc')));
  return {
    title: tr('tui.help.title'),
    body,
    footer: `${firstKey(keymap, 'modal_close')} ${tr('tui.key.close')}  ${firstKey(keymap, 'modal_down')}/${firstKey(keymap, 'modal_up')} ${tr('tui.key.scroll')}`,
  };
}
