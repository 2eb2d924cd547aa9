// `vigil completion bash|zsh|fish`: print the completion script for a shell (src/cli/completion.ts).
import { GLOBAL_FLAGS } from '../args.ts';
import { completionScript, type Shell } from '../completion.ts';
import type { Command } from '../types.ts';

export const command: Command = {
  name: 'completion',
  summary: 'print the shell completion script for bash, zsh or fish',
  usage: 'vigil completion bash|zsh|fish',
  flags: {},
  tolerateBadConfig: true,
  async run(ctx) {
    // The usage line makes the shell required and one of the three (checked while parsing).
    const shell = (ctx.input[0] ?? 'bash') as Shell;
    const table = ctx.table!; // set by the entry point
    ctx.stdout.write(completionScript(shell, await table.load(), table.hidden, GLOBAL_FLAGS));
    return 0;
  },
};
