// The config as TOML text, from the schema: `vigil config show` (the effective values, secrets
// masked) and `vigil config init` (a commented file of the defaults).
import { t } from '../i18n/index.ts';
import { fieldDefault, SCHEMA } from './schema.ts';
import { schemaTexts } from './schema-docs.ts';
import type { Language, VigilConfig } from './types.ts';

/** One TOML value (strings as basic strings: JSON escapes are valid TOML escapes). */
export function tomlValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  return String(v);
}

export function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

/** Keep scheme and host of a URL that may carry a token (Slack hooks, credentials). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search;
    return `${u.protocol}//${u.host}${hidden ? '/…' : ''}`;
  } catch {
    return '…';
  }
}

function wrap(text: string, width = 96): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const comment = (text: string) => wrap(text).map((l) => `# ${l}`);

export interface ShowOptions {
  /** The file in force, or null (defaults only); `target` names where one would be. */
  file: string | null;
  target: string;
  env: NodeJS.ProcessEnv;
  lang: Language;
}

/** The effective config as TOML; secrets masked, unset optional keys as comments. */
export function renderShow(config: VigilConfig, opts: ShowOptions): string {
  const source = opts.file ?? t(opts.lang, 'config.show.defaultsOnly', { file: opts.target });
  const lines = comment(t(opts.lang, 'config.show.header', { source }));
  const values = config as unknown as Record<string, Record<string, unknown>>;
  for (const [name, table] of Object.entries(SCHEMA)) {
    lines.push('', `[${name}]`);
    const current = values[name] ?? {};
    if (table.map) {
      for (const [k, v] of Object.entries(current)) lines.push(`${tomlKey(k)} = ${tomlValue(v)}`);
      continue;
    }
    for (const [key, field] of Object.entries(table.fields)) {
      const v = current[key];
      if (v === undefined) {
        lines.push(`# ${t(opts.lang, 'config.show.notSet', { key })}`);
        continue;
      }
      const shown = field.secret && typeof v === 'string' ? maskUrl(v) : v;
      lines.push(`${key} = ${tomlValue(shown)}`);
      if (name === 'ai' && key === 'api_key_env' && typeof v === 'string') {
        const msg = opts.env[v] ? 'config.show.keySet' : 'config.show.keyUnset';
        lines.push(`# ${t(opts.lang, msg, { env: v })}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

function rangeNote(f: (typeof SCHEMA)[string]['fields'][string], lang: Language): string | null {
  if (f.values) return t(lang, 'config.init.oneOf', { values: f.values.map((v) => `"${v}"`).join(', ') });
  if (f.min !== undefined && f.max !== undefined)
    return t(lang, 'config.init.range', { min: f.min, max: f.max });
  return null;
}

/**
 * The commented default file: each key's meaning, range and default. Defaults computed from the
 * environment (language, log file) are written for this environment. Uncommenting every
 * `# key = value` line gives the defaults; optional keys show an `# Example:` instead.
 */
export function renderInit(env: NodeJS.ProcessEnv, lang: Language): string {
  const doc = schemaTexts(lang);
  const lines = comment(t(lang, 'config.init.header'));
  const example = t(lang, 'config.init.example');
  for (const [name, table] of Object.entries(SCHEMA)) {
    lines.push('', ...comment(doc(`config.doc.${name}`)), `[${name}]`);
    if (table.map) {
      lines.push(...comment(doc(`config.doc.${name}.*`)), `# ${example} ${table.map.example}`);
      continue;
    }
    for (const [key, field] of Object.entries(table.fields)) {
      lines.push('', ...comment(doc(`config.doc.${name}.${key}`)));
      const note = rangeNote(field, lang);
      if (note) lines.push(`# ${note}`);
      if (field.optional) {
        lines.push(`# ${example} ${key} = ${field.example ?? '""'}`);
        continue;
      }
      if (field.defaultDoc) {
        const text = doc(`config.default.${name}.${key}`).replace(/`/g, '');
        lines.push(...comment(t(lang, 'config.init.default', { text })));
      }
      lines.push(`# ${key} = ${tomlValue(fieldDefault(field, env))}`);
    }
  }
  return lines.join('\n') + '\n';
}
