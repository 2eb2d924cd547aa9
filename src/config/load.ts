import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { defaultConfigPath } from '../core/paths.ts';
import { defaultConfig } from './defaults.ts';
import type { VigilConfig } from './types.ts';

/** One or more located config problems; the CLI prints them and exits 2. */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.file = file;
    this.problems = problems;
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
}

/** Find, read and merge the config file over the defaults. */
export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const explicit = opts.path || env.VIGIL_CONFIG;
  const path = explicit || defaultConfigPath(env);
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(path, ['file not found']);
    return { config: defaultConfig(env), path: null };
  }
  let data: Record<string, unknown>;
  try {
    data = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(path, [(err as Error).message.split('\n')[0] ?? 'invalid TOML']);
  }
  return { config: mergeConfig(defaultConfig(env), data), path };
}

/** Overlay parsed TOML tables onto the defaults, table by table. */
export function mergeConfig(base: VigilConfig, data: Record<string, unknown>): VigilConfig {
  const out = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
  for (const [table, value] of Object.entries(data)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[table] = { ...(out[table] ?? {}), ...(value as Record<string, unknown>) };
    }
  }
  return out as unknown as VigilConfig;
}
