// Every command of `vigil`, loaded on demand: the table that main.ts dispatches on and that
// help, the man page (docs/vigil.1) and shell completion are generated from. A one-shot command
// never loads the TUI, SQLite or the AI SDK it does not need.
import type { Command } from './types.ts';

/** Command modules by name, in the order help lists them. Add a line here to register one. */
export const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  watch: () => import('./commands/watch.ts'),
  status: () => import('./commands/status.ts'),
  explain: () => import('./commands/explain.ts'),
  kill: () => import('./commands/kill.ts'),
  report: () => import('./commands/report.ts'),
  health: () => import('./commands/health.ts'),
  config: () => import('./commands/config.ts'),
  service: () => import('./commands/service.ts'),
  completion: () => import('./commands/completion.ts'),
  help: () => import('./commands/help.ts'),
  headless: () => import('./commands/headless.ts'),
};

/** `headless` is reached as `--headless`, never typed as a word. */
export const HIDDEN = new Set(['headless']);

/** The names a user may type as the command word. */
export const commandNames = (): string[] => Object.keys(COMMANDS).filter((n) => !HIDDEN.has(n));

/** Every command, loaded, in help order (`--headless` included, last). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).command));
}
