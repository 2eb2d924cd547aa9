// Help text, the man page and completion are all made from the command table (src/cli/registry.ts:
// each command's name, usage, summary and flags; GLOBAL_FLAGS). This module turns one command's
// flags into the words a user types and the lines help prints. Pure.

import { wrap } from '../../screens/widgets.ts';
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

/** The width help is laid out for: the terminal's (60 to 120 columns), 80 when not a terminal. */
export function helpWidth(out: { isTTY?: boolean; columns?: number }): number {
  return out.isTTY && out.columns ? Math.min(Math.max(out.columns, 60), 120) : 80;
}

/** `head` in a column of `indent`, then `text` wrapped beside it to `columns` (help at 80×24). */
function row(head: string, indent: number, text: string, columns: number): string {
  const lines = wrap(text, Math.max(20, columns - indent));
  const first =
    head.length < indent
      ? head.padEnd(indent) + (lines[0] ?? '')
      : `${head}\n${' '.repeat(indent)}${lines[0] ?? ''}`;
  return [first, ...lines.slice(1).map((l) => ' '.repeat(indent) + l)].join('\n');
}

function flagLines(forms: FlagForm[], columns: number): string {
  return forms
    .map((f) => {
      const typed = (f.short ? `-${f.short}, ` : '') + f.long + (f.value ? ` ${f.value}` : '');
      return row(`    ${typed}`, 28, f.description, columns);
    })
    .join('\n');
}

/** `vigil COMMAND --help`, for a terminal `columns` wide. */
export function commandHelp(
  command: Command,
  globals: Record<string, FlagSpec>,
  lang: Language,
  columns = 80,
): string {
  const own = flagForms(command.flags, command.name, command.usage, lang);
  const global = flagForms(globals, 'global', '', lang);
  const options = own.length ? `\n\n  ${t(lang, 'help.options')}\n${flagLines(own, columns)}` : '';
  const summary = row('', 2, summaryOf(command, lang), columns);
  return `${t(lang, 'help.usage')} ${command.usage}\n\n${summary}${options}\n\n  ${t(lang, 'help.globalOptions')}\n${flagLines(global, columns)}\n`;
}

/** `vigil --help` / `vigil help`: every command but the hidden ones, then the global flags. */
export function mainHelp(
  commands: Command[],
  globals: Record<string, FlagSpec>,
  hidden: ReadonlySet<string>,
  version: string,
  lang: Language,
  columns = 80,
): string {
  const rows = commands
    .filter((c) => !hidden.has(c.name))
    .map((c) => row(`    ${c.name}`, 16, summaryOf(c, lang), columns));
  const daemon = commands.find((c) => c.name === 'headless');
  return `Vigil ${version} — ${t(lang, 'help.tagline')}

${t(lang, 'help.usage')}
  vigil [command] [options]
${daemon ? `  ${daemon.usage}\n` : ''}
  ${t(lang, 'help.commands')}
${rows.join('\n')}

${row('', 2, t(lang, 'help.noCommand'), columns)}

  ${t(lang, 'help.globalOptions')}
${flagLines(flagForms(globals, 'global', '', lang), columns)}

${row('', 2, t(lang, 'help.more'), columns)}
`;
}
