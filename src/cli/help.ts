// Help text, the man page and completion are all made from the command table (src/cli/registry.ts:
// each command's name, usage, summary and flags; GLOBAL_FLAGS). This module turns one command's
// flags into the words a user types and the lines help prints. Pure.
import type { Language } from '../i18n/catalogue.ts';
import { t } from '../i18n/index.ts';
import { kebabCase } from './flag-names.ts';
import type { Command, FlagSpec } from './types.ts';

/** One flag as it is typed and shown. */
export interface FlagForm {
  /** The key in the flags record (`dataDir`). */
  key: string;
  /** `--data-dir`, or `--no-mouse` for a flag that is only ever turned off. */
  long: string;
  short?: string;
  /** The value's placeholder (`FILE`, `N`), or null for a switch. */
  value: string | null;
  choices?: readonly string[];
  description: string;
}

/** Text of `key` in `lang`, or `fallback` when the catalogue has no such key. */
function text(lang: Language, key: string, fallback: string): string {
  const s = t(lang, key);
  return s === key ? fallback : s;
}

/** `[--top N]` in a usage line gives `N` for --top. */
function placeholderIn(usage: string, long: string): string | undefined {
  const m = new RegExp(`\\[${long} ([^\\]\\s]+)\\]`).exec(usage);
  return m?.[1];
}

/** The flags of `flags` (owned by `owner`: a command name or `global`) as typed and shown. */
export function flagForms(
  flags: Record<string, FlagSpec>,
  owner: string,
  usage: string,
  lang: Language = 'en',
): FlagForm[] {
  return Object.entries(flags).map(([key, spec]) => {
    let long = `--${kebabCase(key)}`;
    let description = text(lang, `help.flag.${owner}.${key}`, spec.description);
    // A switch documented as `--no-x: …` is the off form of a default-on behaviour.
    const negated = `--no-${kebabCase(key)}`;
    if (spec.type === 'boolean' && spec.description.startsWith(`${negated}:`)) {
      long = negated;
      description = description.replace(/^--no-[\w-]+\s*:\s*/, '');
    }
    const value =
      spec.type === 'boolean'
        ? null
        : (placeholderIn(usage, long) ?? spec.value ?? (spec.type === 'number' ? 'N' : 'VALUE'));
    return {
      key,
      long,
      value,
      description,
      ...(spec.shortFlag ? { short: spec.shortFlag } : {}),
      ...(spec.choices ? { choices: spec.choices } : {}),
    };
  });
}

/** The summary of a command in `lang`. */
export function summaryOf(command: Command, lang: Language): string {
  return text(lang, `help.summary.${command.name}`, command.summary);
}

function flagLines(forms: FlagForm[]): string {
  return forms
    .map((f) => {
      const typed = (f.short ? `-${f.short}, ` : '') + f.long + (f.value ? ` ${f.value}` : '');
      return `    ${typed}`.padEnd(28) + (typed.length > 23 ? `\n${' '.repeat(28)}` : '') + f.description;
    })
    .join('\n');
}

/** `vigil COMMAND --help`. */
export function commandHelp(command: Command, globals: Record<string, FlagSpec>, lang: Language): string {
  const own = flagForms(command.flags, command.name, command.usage, lang);
  const global = flagForms(globals, 'global', '', lang);
  const options = own.length ? `\n\n  ${t(lang, 'help.options')}\n${flagLines(own)}` : '';
  return `${t(lang, 'help.usage')} ${command.usage}\n\n  ${summaryOf(command, lang)}${options}\n\n  ${t(lang, 'help.globalOptions')}\n${flagLines(global)}\n`;
}

/** `vigil --help` / `vigil help`: every command but the hidden ones, then the global flags. */
export function mainHelp(
  commands: Command[],
  globals: Record<string, FlagSpec>,
  hidden: ReadonlySet<string>,
  version: string,
  lang: Language,
): string {
  const rows = commands
    .filter((c) => !hidden.has(c.name))
    .map((c) => `    ${c.name.padEnd(12)}${summaryOf(c, lang)}`);
  const daemon = commands.find((c) => c.name === 'headless');
  return `Vigil ${version} — ${t(lang, 'help.tagline')}

${t(lang, 'help.usage')}
  vigil [command] [options]
${daemon ? `  ${daemon.usage}\n` : ''}
  ${t(lang, 'help.commands')}
${rows.join('\n')}

  ${t(lang, 'help.noCommand')}

  ${t(lang, 'help.globalOptions')}
${flagLines(flagForms(globals, 'global', '', lang))}

  ${t(lang, 'help.more')}
`;
}
