#!/usr/bin/env node
// The `vigil` entry point: find the command, parse flags (meow), load the config, run. Command
// modules are imported lazily so a one-shot command never loads the TUI, SQLite or the AI SDK.
import { setFlagsFromString } from 'node:v8';
import { VigilError } from '../core/errors.ts';
import { stderrError } from '../core/log.ts';
import { vigilVersion } from '../core/version.ts';
import { execDaemonSettings } from './daemon-node.ts';
import { kebabCase } from './flag-names.ts';
import { bundledNode, nodeSupported, oldNodeMessage } from './runtime.ts';
import type { Command } from './types.ts';

// A 1 MiB young generation for the TUI and one-shot commands. Set here it comes after start-up
// (it bounds later growth only); the daemon gets it, and its other flags, when node starts
// (daemon-node.ts, docs/performance.md).
setFlagsFromString('--max-semi-space-size=1');

/** Every command, loaded on demand. Add a line here to register a new command module. */
export const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  status: () => import('./commands/status.ts'),
  watch: () => import('./commands/watch.ts'),
  headless: () => import('./commands/headless.ts'),
  health: () => import('./commands/health.ts'),
  service: () => import('./commands/service.ts'),
  config: () => import('./commands/config.ts'),
  kill: () => import('./commands/kill.ts'),
  explain: () => import('./commands/explain.ts'),
  report: () => import('./commands/report.ts'),
};

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(vigilVersion() + '\n');
    return 0;
  }
  // args.ts pulls in meow and the config loader: only load it past the --version fast path.
  const { findCommandName, parseCli } = await import('./args.ts');
  const name = findCommandName(argv);
  if (name === null) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(await mainHelp());
      return 0;
    }
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      const { t } = await import('../i18n/index.ts');
      const { languageFromEnv } = await import('../config/defaults.ts');
      process.stderr.write(`vigil: ${t(languageFromEnv(), 'cli.noTty')}\n`);
      return 2;
    }
  }
  const commandName = name ?? 'watch';
  const load = COMMANDS[commandName];
  if (!load) {
    const { t } = await import('../i18n/index.ts');
    const { languageFromEnv } = await import('../config/defaults.ts');
    const at = argv.indexOf('--lang');
    const lang = at >= 0 && argv[at + 1] === 'fr' ? 'fr' : languageFromEnv();
    const commands = Object.keys(COMMANDS)
      .filter((c) => c !== 'headless')
      .join(', ');
    process.stderr.write(`vigil: ${t(lang, 'cli.unknownCommand', { command: commandName, commands })}\n`);
    return 2;
  }
  const { command } = await load();
  const ctx = await parseCli(argv, command);
  if (ctx === 'help') {
    process.stdout.write(await commandHelp(command));
    return 0;
  }
  return command.run(ctx);
}

function flagLines(flags: Record<string, { description: string; shortFlag?: string }>): string {
  return Object.entries(flags)
    .map(([k, f]) => {
      const long = `--${kebabCase(k)}`;
      return `    ${(f.shortFlag ? `-${f.shortFlag}, ` : '') + long}`.padEnd(28) + f.description;
    })
    .join('\n');
}

export async function commandHelp(command: Command): Promise<string> {
  const { GLOBAL_FLAGS } = await import('./args.ts');
  return `Usage: ${command.usage}\n\n  ${command.summary}\n\n  Options:\n${flagLines(command.flags)}\n\n  Global options:\n${flagLines(GLOBAL_FLAGS)}\n`;
}

async function mainHelp(): Promise<string> {
  const { GLOBAL_FLAGS } = await import('./args.ts');
  const rows: string[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    if (name === 'headless') continue;
    const { command } = await load();
    rows.push(`    ${name.padEnd(10)}${command.summary}`);
  }
  return `Vigil ${vigilVersion()} — a Linux system guardian for developers.

Usage:
  vigil [command] [options]
  vigil --headless [--interval S] [--ticks N] [--metrics HOST:PORT]

  Commands:
${rows.join('\n')}

  Without a command, on a terminal: the full-screen monitor (vigil watch).

  Global options:
${flagLines(GLOBAL_FLAGS)}

  Run 'vigil COMMAND --help' for a command's options. Docs: docs/ in the package.
`;
}

// Run only when executed (not when imported by tests).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/vigil')) {
  if (!nodeSupported(process.version)) {
    // Before any command module (and any native addon) is loaded: one line, never a segfault.
    process.stderr.write(`vigil: ${oldNodeMessage(process.version, process.execPath, bundledNode())}\n`);
    process.exit(1);
  }
  // The daemon restarts itself once, in the same pid, with its memory settings (daemon-node.ts).
  if (process.argv.includes('--headless')) execDaemonSettings();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
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
    },
  );
}
