// Everything past the entry point (main.ts): find the command, parse flags (meow), load the
// config, run. Command modules are imported lazily (src/cli/registry.ts) so a one-shot
// command never loads the TUI, SQLite or the AI SDK.
import { VigilError } from '../core/errors.ts';
import { vigilVersion } from '../core/version.ts';
import { execDaemonSettings, TUI_NODE_FLAGS } from './daemon-node.ts';
import { COMMANDS, commandNames, HIDDEN, loadCommands } from './registry.ts';
import { isSea } from './runtime.ts';
import type { Command, CommandTable } from './types.ts';

// A 1 MiB young generation for one-shot commands. Set here it comes after start-up (it bounds
// later growth only); the daemon and the TUI get it, and their other flags, when node starts
// (daemon-node.ts, docs/performance.md) — and do not load node:v8 for it (its heap-snapshot
// streams, ~0.6 MB resident).
async function smallYoungGeneration(): Promise<void> {
  if (process.execArgv.some((f) => f.startsWith('--max-semi-space-size'))) return;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--max-semi-space-size=1');
}

const TABLE: CommandTable = { load: loadCommands, hidden: HIDDEN };

export async function main(argv: string[]): Promise<number> {
  // args.ts pulls in meow and the config loader.
  const { argvLanguage, findCommandName, firstUnknownFlag, GLOBAL_FLAGS, unknownCommand, unknownOption } =
    await import('./args.ts');
  const lang = argvLanguage(argv);
  const name = findCommandName(argv);
  if (name === null) {
    // `vigil --hedless` is a typo, not a request for the TUI: say so before the terminal check.
    const bad = firstUnknownFlag(argv, GLOBAL_FLAGS);
    if (bad) throw unknownOption(bad, GLOBAL_FLAGS, null, lang);
    if (argv.includes('--help') || argv.includes('-h')) {
      const { helpWidth, mainHelp } = await import('./help.ts');
      const width = helpWidth(process.stdout);
      process.stdout.write(mainHelp(await loadCommands(), GLOBAL_FLAGS, HIDDEN, vigilVersion(), lang, width));
      return 0;
    }
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      const { t } = await import('../i18n/index.ts');
      process.stderr.write(`vigil: ${t(lang, 'cli.noTty')}\n`);
      return 2;
    }
  }
  const commandName = name ?? 'watch';
  if (!COMMANDS[commandName]) throw unknownCommand(commandName, commandNames(), lang);
  // The TUI lives as long as a daemon: the same node settings (daemon-node.ts), before it starts.
  if (commandName === 'watch' && !isSea()) execDaemonSettings(process, TUI_NODE_FLAGS);
  await smallYoungGeneration();
  return run(argv, commandName);
}

/** Parse and run one command; its own failure report (`failed`) when it has one. */
async function run(argv: string[], name: string): Promise<number> {
  const { argvLanguage, parseCli, GLOBAL_FLAGS } = await import('./args.ts');
  const { command } = (await COMMANDS[name]!()) as { command: Command };
  try {
    const ctx = await parseCli(argv, command);
    if (ctx === 'help') {
      const { commandHelp, helpWidth } = await import('./help.ts');
      process.stdout.write(commandHelp(command, GLOBAL_FLAGS, argvLanguage(argv), helpWidth(process.stdout)));
      return 0;
    }
    return await command.run({ ...ctx, table: TABLE });
  } catch (err) {
    const code = command.failed?.(err, argv, process.stdout);
    if (code === undefined) throw err;
    return code;
  }
}

/** A failed command's last line (log.ts, with its redaction, is loaded only on this path). */
async function failed(err: unknown): Promise<void> {
  const { stderrError } = await import('../core/log.ts');
  if (err instanceof VigilError) {
    process.stderr.write(stderrError(`vigil: ${err.message}`) + '\n');
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(
      stderrError(`vigil: internal error: ${(err as Error)?.message ?? String(err)}`) + '\n',
    );
    if (process.env.VIGIL_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = 70;
  }
}

/** Run `vigil` with this process's arguments (main.ts calls it on a supported Node). */
export function start(): void {
  if (process.argv.includes('--headless') && !isSea()) execDaemonSettings();
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, failed);
}
