import { defaultConfig, languageFromEnv } from '../config/defaults.ts';
import { ConfigError, formatConfigError, loadConfig } from '../config/load.ts';
import { type ReloadResult, reloadConfig } from '../config/reload.ts';
import type { Language, VigilConfig } from '../config/types.ts';
import { didYouMean } from '../config/validate.ts';
import { UsageError } from '../core/errors.ts';
import { createLogger } from '../core/log.ts';
import { defaultDataDir, expandHome } from '../core/paths.ts';
import { type Params, t } from '../i18n/index.ts';
import { camelCase, kebabCase as kebab } from './flag-names.ts';
import { plainFlags } from './plain-argv.ts';
import type { CliContext, Command, FlagSpec } from './types.ts';
import { usageArguments } from './usage.ts';

export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  config: { type: 'string', value: 'FILE', description: 'config file (env VIGIL_CONFIG)' },
  dataDir: { type: 'string', value: 'DIR', description: 'data directory (env VIGIL_DATA_DIR)' },
  interval: { type: 'number', value: 'S', description: 'seconds between samples' },
  mode: {
    type: 'string',
    value: 'MODE',
    choices: ['observe', 'suggest', 'auto'],
    description: 'observe | suggest | auto',
  },
  lang: { type: 'string', value: 'LANG', choices: ['en', 'fr'], description: 'en | fr' },
  color: { type: 'boolean', description: '--no-color: no ANSI colours (also NO_COLOR)' },
  headless: { type: 'boolean', description: 'run the daemon without UI' },
  help: { type: 'boolean', shortFlag: 'h', description: 'show help' },
  version: { type: 'boolean', shortFlag: 'v', description: 'print the version' },
};

/** The spec of an option word (`--data-dir`, `--no-color`, `-h`, `--top=3`) among `specs`, if any. */
function specOf(word: string, specs: Record<string, FlagSpec>): FlagSpec | undefined {
  const name = word.replace(/^--?/, '').split('=')[0]!;
  const own = Object.hasOwn(specs, camelCase(name)) ? specs[camelCase(name)] : undefined;
  if (own) return own;
  const positive = name.startsWith('no-') ? specs[camelCase(name.slice(3))] : undefined;
  if (positive?.type === 'boolean') return positive;
  return Object.values(specs).find((s) => s.shortFlag === name);
}

/** Flags that take a value, so the word after them is not the command. */
function takesValue(flag: string, commandFlags: Record<string, FlagSpec> = {}): boolean {
  if (flag.includes('=')) return false;
  const spec = specOf(flag, { ...GLOBAL_FLAGS, ...commandFlags });
  return spec !== undefined && spec.type !== 'boolean';
}

/** The command word (first positional), `headless` for --headless, or null. */
export function findCommandName(argv: string[]): string | null {
  if (argv.includes('--headless')) return 'headless';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1] ?? null;
    if (a.startsWith('-')) {
      // Command-specific value flags come after the command, so only globals matter here.
      if (takesValue(a)) i++;
      continue;
    }
    return a;
  }
  return null;
}

/** meow's reading of `argv` against `specs`: flags (camelCase) and positional words. */
export async function meowParse(
  argv: string[],
  specs: Record<string, FlagSpec>,
): Promise<{ flags: Record<string, unknown>; input: string[] }> {
  const { default: meow } = await import('meow');
  const meowFlags: Record<string, { type: FlagSpec['type']; shortFlag?: string; isMultiple?: boolean }> = {};
  for (const [k, s] of Object.entries(specs)) {
    meowFlags[k] = {
      type: s.type,
      ...(s.shortFlag ? { shortFlag: s.shortFlag } : {}),
      ...(s.isMultiple ? { isMultiple: true } : {}),
    };
  }
  const cli = meow({
    argv,
    importMeta: import.meta,
    flags: meowFlags as never,
    allowUnknownFlags: true,
    autoHelp: false,
    autoVersion: false,
    booleanDefault: undefined,
    pkg: { name: 'vigil-guardian' },
  });
  return { flags: cli.flags as Record<string, unknown>, input: cli.input };
}

/** Parse argv for `command`: one-line errors (exit 2) for unknown flags and bad values. */
export async function parseCli(argv: string[], command: Command): Promise<CliContext | 'help'> {
  const specs: Record<string, FlagSpec> = { ...GLOBAL_FLAGS, ...command.flags };
  // The daemon lives for months: its plain command line is read without loading meow (12 MB).
  const plain = command.name === 'headless' ? plainFlags(argv, specs) : null;
  const cli = plain ? { flags: plain, input: [] } : await meowParse(argv, specs);
  // Keep the real command line visible in ps/top (meow would rename the process after the package).
  process.title = ['vigil', ...argv].join(' ');
  const flags = cli.flags;
  const lang: Language =
    flags.lang === 'fr' || flags.lang === 'en' ? flags.lang : languageFromEnv(process.env);
  const tr = (key: string, params?: Params) => t(lang, key, params);
  const shorts = new Set(Object.values(specs).flatMap((s) => (s.shortFlag ? [s.shortFlag] : [])));
  for (const key of Object.keys(flags)) {
    if (key in specs || shorts.has(key)) continue;
    throw unknownOption(key.length === 1 ? `-${key}` : `--${kebab(key)}`, specs, command.name, lang);
  }
  if (flags.help) return 'help';
  for (const [k, s] of Object.entries(specs)) {
    const v = flags[k];
    if (v === undefined) continue;
    if (s.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) {
      const flag = `--${kebab(k)}`;
      throw new UsageError(
        tr('cli.expectsNumber', { flag, value: rawValue(argv, flag, s.shortFlag) ?? String(v) }),
      );
    }
    if (s.type === 'string' && typeof v !== 'string' && !s.isMultiple) {
      throw new UsageError(tr('cli.expectsValue', { flag: `--${kebab(k)}` }));
    }
    if (s.choices && typeof v === 'string' && !s.choices.includes(v)) {
      throw new UsageError(
        tr('cli.expectsChoice', { flag: `--${kebab(k)}`, choices: s.choices.join(', '), value: v }),
      );
    }
  }
  if (flags.interval !== undefined && !((flags.interval as number) > 0)) {
    throw new UsageError(tr('cli.expectsPositiveSeconds', { value: String(flags.interval) }));
  }
  // The command word itself is the first positional for every command but headless/watch default.
  const input = cli.input[0] === command.name ? cli.input.slice(1) : cli.input;
  checkArguments(input, command, lang);

  const env = process.env;
  let config: VigilConfig;
  let configPath: string | null = null;
  try {
    const lang = flags.lang as VigilConfig['general']['language'] | undefined;
    const loaded = loadConfig({ path: flags.config as string | undefined, env, ...(lang ? { lang } : {}) });
    config = loaded.config;
    configPath = loaded.path;
  } catch (err) {
    if (!(err instanceof ConfigError) || !command.tolerateBadConfig)
      throw configFailure(err, (flags.lang as VigilConfig['general']['language']) || languageFromEnv(env));
    config = defaultConfig(env);
    configPath = err.file;
  }
  applyConfigFlags(config, flags);
  const dataDir = expandHome((flags.dataDir as string | undefined) || defaultDataDir(env), env);
  const color = flags.color !== false && !env.NO_COLOR && Boolean(process.stdout.isTTY);
  const isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const json = command.name === 'headless';
  const ctx: CliContext = {
    command: command.name,
    input,
    flags,
    config,
    configPath,
    dataDir,
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY,
    color,
    log: createLogger({ json, level: env.VIGIL_LOG_LEVEL === 'debug' ? 'debug' : 'info' }),
  };
  // Before anything reads or writes them: as root, files another user can write are refused.
  const { guardFiles } = await import('./file-guard.ts');
  guardFiles(ctx);
  return ctx;
}

/** `--jsn` → "unknown option --jsn for 'status'; did you mean --json?" (exit 2). */
export function unknownOption(
  shown: string,
  specs: Record<string, FlagSpec>,
  command: string | null,
  lang: Language,
): UsageError {
  const forms = Object.entries(specs).flatMap(([k, s]) => [
    `--${kebab(k)}`,
    ...(s.type === 'boolean' ? [`--no-${kebab(k)}`] : []),
  ]);
  const near = shown.startsWith('--') ? didYouMean(shown, forms) : null;
  const key = `cli.unknown${command ? '' : 'Global'}Option${near ? 'Near' : ''}`;
  return new UsageError(t(lang, key, { option: shown, command: command ?? '', suggestion: near ?? '' }));
}

/** The language of messages before the config is read: `--lang fr|en`, else the environment. */
export function argvLanguage(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Language {
  const at = argv.indexOf('--lang');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  return given === 'fr' || given === 'en' ? given : languageFromEnv(env);
}

/** `vigil stauts` → "unknown command 'stauts' …; did you mean 'status'?" (exit 2). */
export function unknownCommand(name: string, names: readonly string[], lang: Language): UsageError {
  const near = didYouMean(name, names);
  if (near) return new UsageError(t(lang, 'cli.unknownCommandNear', { command: name, suggestion: near }));
  return new UsageError(t(lang, 'cli.unknownCommand', { command: name, commands: names.join(', ') }));
}

/**
 * The first option of `argv` that `specs` does not know (`--hedless`), as typed, or null. For a
 * command line with no command word, read before anything else decides what to run.
 */
export function firstUnknownFlag(argv: readonly string[], specs: Record<string, FlagSpec>): string | null {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return null;
    if (!word.startsWith('-') || word === '-') continue;
    const spec = specOf(word, specs);
    if (!spec) return word.split('=')[0]!;
    if (spec.type !== 'boolean' && !word.includes('=')) i++;
  }
  return null;
}

/** Positional arguments against the command's usage line: no extra word, a known action. */
function checkArguments(input: string[], command: Command, lang: Language): void {
  const specs = usageArguments(command.usage, command.name);
  const shownName = command.name === 'headless' ? '--headless' : `'vigil ${command.name}'`;
  if (input.length > specs.length) {
    throw new UsageError(
      t(lang, 'cli.unexpectedArgument', { value: input[specs.length]!, command: shownName }),
    );
  }
  const missing = specs.find((a, i) => !a.optional && a.choices && input[i] === undefined);
  if (missing) {
    throw new UsageError(
      t(lang, 'cli.missingAction', { command: shownName, choices: missing.choices!.join(', ') }),
    );
  }
  input.forEach((word, i) => {
    const choices = specs[i]?.choices;
    if (!choices || choices.includes(word)) return;
    const near = didYouMean(word, choices);
    const params = { value: word, command: shownName, choices: choices.join(', '), suggestion: near ?? '' };
    throw new UsageError(t(lang, near ? 'cli.unknownActionNear' : 'cli.unknownAction', params));
  });
}

/** What the user typed after `flag` (`--top abc`, `--top=abc`, `-n abc`): meow only keeps NaN. */
export function rawValue(argv: readonly string[], flag: string, short?: string): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i]!;
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    if (a === flag || (short && a === `-${short}`)) return argv[i + 1] ?? '';
  }
  return undefined;
}

/** A bad config file: every located problem under one translated header, exit 2. */
/** Flags given on the command line win over the file, at start and at every reload. */
export function applyConfigFlags(config: VigilConfig, flags: Record<string, unknown>): void {
  if (typeof flags.interval === 'number') config.general.interval_secs = flags.interval;
  if (typeof flags.mode === 'string') config.general.mode = flags.mode as VigilConfig['general']['mode'];
  if (typeof flags.lang === 'string')
    config.general.language = flags.lang as VigilConfig['general']['language'];
}

/** Reload the config file for a long-running host (daemon SIGHUP, TUI reload key). */
export function reloadFromCli(current: VigilConfig, ctx: CliContext): ReloadResult {
  const lang = ctx.flags.lang as VigilConfig['general']['language'] | undefined;
  return reloadConfig(current, {
    path: ctx.flags.config as string | undefined,
    env: ctx.env,
    ...(lang ? { lang } : {}),
    overrides: (c) => applyConfigFlags(c, ctx.flags),
  });
}

function configFailure(err: unknown, lang: VigilConfig['general']['language']): Error {
  if (err instanceof ConfigError) return new UsageError(formatConfigError(err, lang));
  return err as Error;
}
