// Every command the TUI understands, with the description the help screen and docs/keymaps.md
// are generated from. Keys live in the keymap files (default.json, vim.json) and the user's
// `[keys]` table; this list is the only place a command is named.

/**
 * Where a command is active: the main screen, any modal dialog, the filter input line, or the
 * main screen while it replays history (`replay` keys first, then `main`'s).
 */
export type CommandContext = 'main' | 'modal' | 'input' | 'replay';

export interface CommandSpec {
  readonly id: string;
  readonly context: CommandContext;
  /** Heading in help and docs. */
  readonly group: 'navigation' | 'processes' | 'actions' | 'view' | 'replay' | 'dialogs' | 'filter';
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
    description: 'details of the selected process or alert (the whole command line)',
  },
  {
    id: 'scroll_left',
    context: 'main',
    group: 'navigation',
    description: 'scroll the command column back to its start',
  },
  {
    id: 'scroll_right',
    context: 'main',
    group: 'navigation',
    description: 'scroll the command column right, to read the end of long command lines',
  },
  {
    id: 'search',
    context: 'main',
    group: 'processes',
    description: 'search: jump to the next process whose name, command line, user or pid matches as you type',
  },
  {
    id: 'search_next',
    context: 'main',
    group: 'processes',
    description: 'jump to the next match of the search',
  },
  {
    id: 'filter',
    context: 'main',
    group: 'processes',
    description: 'filter: show only processes whose name, command line, user or pid match',
  },
  {
    id: 'clear_filter',
    context: 'main',
    group: 'processes',
    description: 'clear the filter and the user filter',
  },
  {
    id: 'user_filter',
    context: 'main',
    group: 'processes',
    description: "show one user's processes (or all)",
  },
  { id: 'tree', context: 'main', group: 'processes', description: 'toggle the process tree view' },
  {
    id: 'kernel_threads',
    context: 'main',
    group: 'processes',
    description: 'show or hide kernel threads (hidden at start)',
  },
  {
    id: 'threads',
    context: 'main',
    group: 'processes',
    description: 'show or hide user threads under their process',
  },
  {
    id: 'sort_next',
    context: 'main',
    group: 'processes',
    description: 'next sort column (CPU, MEM, PID, name, age, time)',
  },
  { id: 'sort_prev', context: 'main', group: 'processes', description: 'previous sort column' },
  { id: 'sort_cpu', context: 'main', group: 'processes', description: 'sort by CPU%' },
  { id: 'sort_mem', context: 'main', group: 'processes', description: 'sort by memory (RSS)' },
  { id: 'sort_pid', context: 'main', group: 'processes', description: 'sort by pid' },
  { id: 'sort_time', context: 'main', group: 'processes', description: 'sort by CPU time (TIME+)' },
  { id: 'sort_invert', context: 'main', group: 'processes', description: 'invert the sort order' },
  {
    id: 'follow',
    context: 'main',
    group: 'processes',
    description: 'follow the selected process (keep it in view)',
  },
  { id: 'tag', context: 'main', group: 'actions', description: 'tag or untag the selected process' },
  {
    id: 'tag_children',
    context: 'main',
    group: 'actions',
    description: 'tag the selected process and all its descendants',
  },
  { id: 'untag_all', context: 'main', group: 'actions', description: 'untag every process' },
  {
    id: 'kill',
    context: 'main',
    group: 'actions',
    description:
      'send a signal to the tagged processes, or the selected one; on a storm or duplicate alert, to its whole group as one action (through the safety policy)',
  },
  {
    id: 'renice_lower',
    context: 'main',
    group: 'actions',
    description: 'lower the nice value: more CPU (needs root or CAP_SYS_NICE; through the safety policy)',
  },
  {
    id: 'renice_raise',
    context: 'main',
    group: 'actions',
    description: 'raise the nice value: less CPU (through the safety policy)',
  },
  {
    id: 'explain',
    context: 'main',
    group: 'actions',
    description: 'explain the selected process or alert (AI when enabled, local otherwise)',
  },
  {
    id: 'setup',
    context: 'main',
    group: 'view',
    description: 'setup: theme and columns (saved for next time)',
  },
  { id: 'pause', context: 'main', group: 'view', description: 'freeze / resume the display' },
  { id: 'reload_config', context: 'main', group: 'view', description: 'reload the configuration file' },
  { id: 'redraw', context: 'main', group: 'view', description: 'redraw the screen' },
  {
    id: 'replay',
    context: 'main',
    group: 'replay',
    description:
      'replay: the whole screen shows the machine as recorded (its latest frame); again: back to live',
  },
  {
    id: 'replay_prev_incident',
    context: 'main',
    group: 'replay',
    description: 'replay the previous incident (the moment an alert fired)',
  },
  {
    id: 'history_view',
    context: 'main',
    group: 'replay',
    description:
      'history view: charts over hours or days with the incidents marked; a cursor picks the time to replay',
  },
  {
    id: 'replay_back',
    context: 'replay',
    group: 'replay',
    description:
      'while replaying: one recorded frame back (a tick inside an incident, a snapshot interval elsewhere)',
  },
  {
    id: 'replay_forward',
    context: 'replay',
    group: 'replay',
    description: 'while replaying: one recorded frame forward',
  },
  {
    id: 'replay_next_incident',
    context: 'replay',
    group: 'replay',
    description: 'while replaying: the next incident',
  },
  { id: 'modal_close', context: 'modal', group: 'dialogs', description: 'close the dialog' },
  { id: 'modal_up', context: 'modal', group: 'dialogs', description: 'previous choice / scroll up' },
  { id: 'modal_down', context: 'modal', group: 'dialogs', description: 'next choice / scroll down' },
  {
    id: 'modal_left',
    context: 'modal',
    group: 'dialogs',
    description: 'history view: move the cursor back in time',
  },
  {
    id: 'modal_right',
    context: 'modal',
    group: 'dialogs',
    description: 'history view: move the cursor forward in time',
  },
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
    description: 'keep the filter (or the search position) and leave the input',
  },
  {
    id: 'input_cancel',
    context: 'input',
    group: 'filter',
    description: 'clear the filter (or the search) and leave the input',
  },
  { id: 'input_erase', context: 'input', group: 'filter', description: 'erase the last character' },
  { id: 'input_next', context: 'input', group: 'filter', description: 'search: jump to the next match' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMAND_LIST)[number]['id'];

export const COMMAND_IDS: readonly CommandId[] = COMMAND_LIST.map((c) => c.id);

export function commandSpec(id: CommandId): CommandSpec {
  return COMMAND_LIST.find((c) => c.id === id)!;
}

export function isCommandId(id: string): id is CommandId {
  return (COMMAND_IDS as readonly string[]).includes(id);
}
