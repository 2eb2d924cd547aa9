// Every command the TUI understands, with the description the help screen and docs/keymaps.md
// are generated from. Keys live in the keymap files (default.json, vim.json) and the user's
// `[keys]` table; this list is the only place a command is named.

/** Where a command is active: the main screen, any modal dialog, or the filter input line. */
export type CommandContext = 'main' | 'modal' | 'input';

export interface CommandSpec {
  readonly id: string;
  readonly context: CommandContext;
  /** Heading in help and docs. */
  readonly group: 'navigation' | 'processes' | 'actions' | 'view' | 'dialogs' | 'filter';
  /** English description; the French one is in src/i18n/tui.ts under `tui.cmd.<id>`. */
  readonly description: string;
}

export const COMMAND_LIST = [
  { id: 'help', context: 'main', group: 'view', description: 'show this help' },
  { id: 'quit', context: 'main', group: 'view', description: 'quit Vigil' },
  { id: 'up', context: 'main', group: 'navigation', description: 'select the previous row' },
  { id: 'down', context: 'main', group: 'navigation', description: 'select the next row' },
  { id: 'page_up', context: 'main', group: 'navigation', description: 'one page up' },
  { id: 'page_down', context: 'main', group: 'navigation', description: 'one page down' },
  { id: 'home', context: 'main', group: 'navigation', description: 'first row' },
  { id: 'end', context: 'main', group: 'navigation', description: 'last row' },
  {
    id: 'focus_next',
    context: 'main',
    group: 'navigation',
    description: 'switch between the process table and the alert sidebar',
  },
  {
    id: 'select',
    context: 'main',
    group: 'navigation',
    description: 'details of the selected process or alert',
  },
  {
    id: 'filter',
    context: 'main',
    group: 'processes',
    description: 'search: filter processes by name, command line, user or pid as you type',
  },
  { id: 'clear_filter', context: 'main', group: 'processes', description: 'clear the filter' },
  { id: 'tree', context: 'main', group: 'processes', description: 'toggle the process tree view' },
  {
    id: 'kernel_threads',
    context: 'main',
    group: 'processes',
    description: 'show or hide kernel threads (hidden at start)',
  },
  {
    id: 'sort_next',
    context: 'main',
    group: 'processes',
    description: 'next sort column (CPU, MEM, PID, name, age)',
  },
  { id: 'sort_prev', context: 'main', group: 'processes', description: 'previous sort column' },
  { id: 'sort_cpu', context: 'main', group: 'processes', description: 'sort by CPU%' },
  { id: 'sort_mem', context: 'main', group: 'processes', description: 'sort by memory (RSS)' },
  { id: 'sort_pid', context: 'main', group: 'processes', description: 'sort by pid' },
  { id: 'sort_invert', context: 'main', group: 'processes', description: 'invert the sort order' },
  {
    id: 'follow',
    context: 'main',
    group: 'processes',
    description: 'follow the selected process (keep it in view)',
  },
  {
    id: 'kill',
    context: 'main',
    group: 'actions',
    description: 'send a signal to the selected process (through the safety policy)',
  },
  {
    id: 'explain',
    context: 'main',
    group: 'actions',
    description: 'explain the selected process or alert (AI when enabled, local otherwise)',
  },
  { id: 'pause', context: 'main', group: 'view', description: 'freeze / resume the display' },
  { id: 'reload_config', context: 'main', group: 'view', description: 'reload the configuration file' },
  { id: 'redraw', context: 'main', group: 'view', description: 'redraw the screen' },
  { id: 'modal_close', context: 'modal', group: 'dialogs', description: 'close the dialog' },
  { id: 'modal_up', context: 'modal', group: 'dialogs', description: 'previous choice / scroll up' },
  { id: 'modal_down', context: 'modal', group: 'dialogs', description: 'next choice / scroll down' },
  { id: 'modal_page_up', context: 'modal', group: 'dialogs', description: 'scroll one page up' },
  { id: 'modal_page_down', context: 'modal', group: 'dialogs', description: 'scroll one page down' },
  { id: 'modal_confirm', context: 'modal', group: 'dialogs', description: 'choose / go on' },
  { id: 'modal_yes', context: 'modal', group: 'dialogs', description: 'answer yes to a confirmation' },
  { id: 'modal_no', context: 'modal', group: 'dialogs', description: 'answer no to a confirmation' },
  {
    id: 'modal_apply',
    context: 'modal',
    group: 'dialogs',
    description: 'apply the selected safe action (asks first)',
  },
  {
    id: 'input_accept',
    context: 'input',
    group: 'filter',
    description: 'keep the filter and leave the input',
  },
  {
    id: 'input_cancel',
    context: 'input',
    group: 'filter',
    description: 'clear the filter and leave the input',
  },
  { id: 'input_erase', context: 'input', group: 'filter', description: 'erase the last character' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMAND_LIST)[number]['id'];

export const COMMAND_IDS: readonly CommandId[] = COMMAND_LIST.map((c) => c.id);

export function commandSpec(id: CommandId): CommandSpec {
  return COMMAND_LIST.find((c) => c.id === id)!;
}

export function isCommandId(id: string): id is CommandId {
  return (COMMAND_IDS as readonly string[]).includes(id);
}
