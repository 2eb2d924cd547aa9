// `vigil help [command]`: the same text as `vigil --help` and `vigil COMMAND --help`.
import { GLOBAL_FLAGS, unknownCommand } from '../args.ts';
import { commandHelp, helpWidth, mainHelp } from '../help.ts';
import type { Command } from '../types.ts';

export const command: Command = {
  name: 'help',
  summary: "show the help of vigil or of one command (same as 'vigil COMMAND --help')",
  usage: 'vigil help [command]',
  flags: {},
  // Help must answer even when the config file is broken.
  tolerateBadConfig: true,
  async run(ctx) {
    const lang = ctx.config.general.language;
    const table = ctx.table!; // set by the entry point
    const commands = await table.load();
    const [name] = ctx.input;
    if (name === undefined) {
      const { vigilVersion } = await import('../../core/version.ts');
      ctx.stdout.write(
        mainHelp(commands, GLOBAL_FLAGS, table.hidden, vigilVersion(), lang, helpWidth(ctx.stdout)),
      );
      return 0;
    }
    const found = commands.find((c) => c.name === name);
    if (!found)
      throw unknownCommand(
        name,
        commands.filter((c) => !table.hidden.has(c.name)).map((c) => c.name),
        lang,
      );
    ctx.stdout.write(commandHelp(found, GLOBAL_FLAGS, lang, helpWidth(ctx.stdout)));
    return 0;
  },
};
