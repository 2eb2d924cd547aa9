// Find (cosmiconfig), read, parse (smol-toml) and validate the config file. Every problem is
// reported at once as `FILE:LINE:COL: message`; nothing runs on an invalid config (SPEC §6).
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { cosmiconfigSync } from 'cosmiconfig';
import { parse } from 'smol-toml';
import { defaultConfigPath } from '../core/paths.ts';
import { sanitize } from '../core/sanitize.ts';
import { t } from '../i18n/index.ts';
import { defaultConfig, languageFromEnv } from './defaults.ts';
import { locateKeys, positionOf } from './locate.ts';
import type { Language, VigilConfig } from './types.ts';
import { ANTHROPIC_KEY, type Problem, validateData } from './validate.ts';

/** One or more located config problems; the CLI prints them and exits 2. */
export class ConfigError extends Error {
  readonly file: string;
  /** Each problem on one line, located: `FILE:LINE:COL: message` (or `FILE: message`). */
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    const located = problems.map((p) => (p.startsWith(file) ? p : `${file}: ${p}`));
    super(located.join('\n'));
    this.file = file;
    this.problems = located;
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: VigilConfig;
  /** The file read, or null when only defaults apply. */
  path: string | null;
}

export interface LoadOptions {
  /** --config (wins over VIGIL_CONFIG and the XDG default). */
  path?: string;
  env?: NodeJS.ProcessEnv;
  /** Language of the messages (default: the file's general.language, else LANG). */
  lang?: Language;
}

/** Which file applies: `--config`, else `VIGIL_CONFIG`, else the XDG default. */
export function configTarget(opts: LoadOptions = {}): { path: string; explicit: boolean } {
  const env = opts.env ?? process.env;
  const explicit = opts.path || env.VIGIL_CONFIG;
  return explicit
    ? { path: resolve(explicit), explicit: true }
    : { path: defaultConfigPath(env), explicit: false };
}

/** A cosmiconfig explorer that reads TOML text (we parse it ourselves, for positions). */
function explorer(file: string) {
  const ext = extname(file) || 'noExt';
  return cosmiconfigSync('vigil', {
    searchPlaces: ['config.toml'],
    searchStrategy: 'none',
    cache: false,
    loaders: { [ext]: (_path: string, content: string) => ({ text: content }) },
  });
}

/**
 * cosmiconfig first reads its own "meta config" from the current directory (package.json…); a
 * broken package.json where the user happens to stand must not stop Vigil, so then read the
 * file directly (same places, same result shape).
 */
interface Finder {
  load(path: string): { filepath: string; config?: unknown } | null;
  search(dir: string): { filepath: string; config?: unknown } | null;
}

function explorerOrFallback(file: string): Finder {
  try {
    return explorer(file);
  } catch {
    const read = (p: string) => ({ filepath: p, config: { text: readFileSync(p, 'utf8') } });
    return {
      load: (p: string) => read(p),
      search: (dir: string) => (existsSync(join(dir, 'config.toml')) ? read(join(dir, 'config.toml')) : null),
    };
  }
}

/** Read the text of the config file in force, or null when there is none (defaults apply). */
function readConfigText(opts: LoadOptions, lang: Language): { path: string; text: string } | null {
  const { path, explicit } = configTarget(opts);
  try {
    const ex = explorerOrFallback(path);
    const found = explicit ? ex.load(path) : ex.search(join(path, '..'));
    if (!found) return null;
    const cfg = found.config as { text: string } | undefined;
    return { path: found.filepath, text: cfg?.text ?? '' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (explicit) throw new ConfigError(path, [t(lang, 'config.err.notFound')]);
      return null;
    }
    const detail = sanitize(String((err as Error).message).split('\n')[0] ?? String(err), 200);
    throw new ConfigError(path, [t(lang, 'config.err.unreadable', { detail })]);
  }
}

/** Find, read and validate the config file; defaults when there is none. */
export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const found = readConfigText(opts, opts.lang ?? languageFromEnv(env));
  if (!found) return { config: defaultConfig(env), path: null };
  return { config: checkConfigText(found.text, found.path, opts), path: found.path };
}

/** Parse and validate TOML `text` as if read from `file`; throws ConfigError with every problem. */
export function checkConfigText(text: string, file: string, opts: LoadOptions = {}): VigilConfig {
  const env = opts.env ?? process.env;
  let lang = opts.lang ?? languageFromEnv(env);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as Error & { line?: number; column?: number };
    const detail = sanitize(e.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? '', 200);
    const where = e.line ? `${file}:${e.line}:${e.column ?? 1}: ` : `${file}: `;
    const problems = [where + t(lang, 'config.err.syntax', { detail })];
    throw new ConfigError(file, [...problems, ...keyLiterals(text, file, lang, 'ANTHROPIC_API_KEY')]);
  }
  const fileLang = (data.general as Record<string, unknown> | undefined)?.language;
  if (!opts.lang && (fileLang === 'en' || fileLang === 'fr')) lang = fileLang;
  const { config, problems } = validateData(data, env);
  const positions = locateKeys(text);
  const located = problems.map((p) => locate(p, positions, file, lang));
  const literalLines = new Set(
    problems
      .filter((p) => p.message === 'config.err.apiKeyField')
      .map((p) => positionOf(positions, p.path)?.pos.line),
  );
  const literals = keyLiterals(text, file, lang, config.ai.api_key_env).filter(
    (l) => !literalLines.has(Number(l.slice(file.length + 1).split(':')[0])),
  );
  const all = [...located, ...literals];
  if (all.length) throw new ConfigError(file, sortByLine(all, file));
  return config;
}

function renderProblem(p: Problem, lang: Language): string {
  const params = { ...p.params };
  if (typeof params.expected === 'string' && params.expected.startsWith('config.expect.')) {
    params.expected = t(lang, params.expected, p.params);
  }
  return t(lang, p.message, params);
}

function locate(p: Problem, positions: ReturnType<typeof locateKeys>, file: string, lang: Language): string {
  const hit = positionOf(positions, p.path);
  const msg = renderProblem(p, lang);
  if (!hit) return `${file}: ${msg}`;
  const col = p.at === 'value' && hit.exact && hit.pos.valueCol ? hit.pos.valueCol : hit.pos.col;
  return `${file}:${hit.pos.line}:${col}: ${msg}`;
}

/** API key literals anywhere in the text (comments included), located, never echoed. */
function keyLiterals(text: string, file: string, lang: Language, keyEnv: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = ANTHROPIC_KEY.exec(line);
    if (m)
      out.push(`${file}:${i + 1}:${m.index + 1}: ${t(lang, 'config.err.apiKeyLiteral', { env: keyEnv })}`);
  });
  return out;
}

function sortByLine(problems: string[], file: string): string[] {
  const lineOf = (p: string) => {
    const m = /^:(\d+):(\d+):/.exec(p.slice(file.length));
    return m ? Number(m[1]) * 10000 + Number(m[2]) : 0;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => lineOf(a.p) - lineOf(b.p) || a.i - b.i)
    .map((x) => x.p);
}

/** The CLI's rendering of a ConfigError: a header line, then one located problem per line. */
export function formatConfigError(err: ConfigError, lang: Language): string {
  const n = err.problems.length;
  const header = n === 1 ? t(lang, 'config.err.invalidOne') : t(lang, 'config.err.invalid', { count: n });
  return `${header}\n${err.problems.join('\n')}`;
}
