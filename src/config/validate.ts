// Validate parsed TOML against the schema: every problem at once, each with the key path, the
// value found and what was expected. Pure: no I/O, messages are catalogue keys + parameters
// (rendered and located by load.ts).
import { COMMAND_IDS } from '../../keymaps/commands.ts';
import { buildKeymap, canonicalKey, KeymapError } from '../../keymaps/keymap.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Params } from '../i18n/index.ts';
import { defaultConfig } from './defaults.ts';
import { type Field, SCHEMA } from './schema.ts';
import type { VigilConfig } from './types.ts';

export interface Problem {
  /** Key path in the file: ['thresholds', 'ram_warn_percent']. */
  path: string[];
  /** Catalogue key of the message, and its parameters. */
  message: string;
  params: Params;
  /** Point at the key itself or at its value. */
  at: 'key' | 'value';
}

export interface Validated {
  /** Defaults overlaid with every valid value found. */
  config: VigilConfig;
  problems: Problem[];
}

/** Anthropic API keys (and look-alikes): never accepted in the file, never echoed back. */
export const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]{6,}/;
/** Key names that can only mean "an API key / secret written here". */
const SECRET_NAME = /^(?:anthropic_)?api[_-]?key$|^(?:x-)?api[_-]?token$|^secret(?:_key)?$|^password$/i;

type Expectation = { key: string; params?: Params };

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A value as it would be written in TOML, sanitised, capped, API keys masked. */
export function formatFound(v: unknown): string {
  if (typeof v === 'string') {
    const s = ANTHROPIC_KEY.test(v) ? 'sk-ant-…' : sanitize(v, 60);
    return JSON.stringify(s);
  }
  if (Array.isArray(v)) {
    const items = v.slice(0, 5).map(formatFound);
    return `[${items.join(', ')}${v.length > 5 ? ', …' : ''}]`;
  }
  if (isTable(v)) return '{ … }';
  return sanitize(String(v), 60);
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate, if it is close enough to be what was meant. */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestDist = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let d = levenshtein(w, cl);
    // `ram_warn` (or `ram_warm`) for `ram_warn_percent`: a near prefix is a strong hint.
    if (w.length >= 4 && cl.length > w.length) d = Math.min(d, levenshtein(w, cl.slice(0, w.length)) + 1);
    if (w.length >= 4 && w.startsWith(cl)) d = Math.min(d, 1);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(2, Math.floor(w.length / 3));
  return best !== null && bestDist <= limit ? best : null;
}

function expectation(f: Field): Expectation {
  const range = f.min !== undefined && f.max !== undefined ? { min: f.min, max: f.max } : null;
  switch (f.kind) {
    case 'boolean':
      return { key: 'config.expect.boolean' };
    case 'integer':
      return range ? { key: 'config.expect.integerRange', params: range } : { key: 'config.expect.integer' };
    case 'number':
      return range ? { key: 'config.expect.numberRange', params: range } : { key: 'config.expect.number' };
    case 'enum':
      return {
        key: 'config.expect.enum',
        params: { values: (f.values ?? []).map((v) => `"${v}"`).join(', ') },
      };
    case 'string[]':
      return f.values
        ? { key: 'config.expect.stringListOf', params: { values: f.values.map((v) => `"${v}"`).join(', ') } }
        : { key: 'config.expect.stringList' };
    case 'integer[]':
      return range
        ? { key: 'config.expect.integerListRange', params: range }
        : { key: 'config.expect.integerList' };
    case 'string':
      switch (f.format) {
        case 'url':
          return { key: 'config.expect.url' };
        case 'listen':
          return { key: 'config.expect.listen' };
        case 'env-name':
          return { key: 'config.expect.envName' };
        case 'model':
          return { key: 'config.expect.model' };
        case 'path':
          return { key: 'config.expect.logPath' };
        default:
          return { key: 'config.expect.string' };
      }
  }
}

function inRange(f: Field, n: number): boolean {
  return (f.min === undefined || n >= f.min) && (f.max === undefined || n <= f.max);
}

function validListen(s: string): boolean {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(s);
  return m !== null && Number(m[3]) >= 0 && Number(m[3]) <= 65535;
}

/**
 * The JSON log: an absolute (or `~/`) path to a file named `*.log` or `*.jsonl`. Vigil appends
 * lines whose text any process chose, so it must never be a file something else runs or parses
 * (`/root/.bashrc`, a crontab, sudoers, authorized_keys).
 */
function validLogPath(s: string): boolean {
  if (s.includes('\0') || !(s.startsWith('/') || s.startsWith('~/'))) return false;
  return /\.(?:log|jsonl)$/.test(s.slice(s.lastIndexOf('/') + 1).replace(/^\.+/, ''));
}

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Whether `v` fits `f` (type, range, enum, format). */
export function fits(f: Field, v: unknown): boolean {
  switch (f.kind) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && inRange(f, v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && inRange(f, v);
    case 'enum':
      return typeof v === 'string' && (f.values ?? []).includes(v);
    case 'string[]':
      return (
        Array.isArray(v) &&
        v.every((x) => typeof x === 'string' && x !== '' && (!f.values || f.values.includes(x)))
      );
    case 'integer[]':
      return (
        Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && inRange(f, x))
      );
    case 'string':
      if (typeof v !== 'string' || v.trim() === '') return false;
      switch (f.format) {
        case 'url':
          return validUrl(v);
        case 'listen':
          return validListen(v);
        case 'env-name':
          return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v);
        case 'model':
          return /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/.test(v);
        case 'path':
          return validLogPath(v);
        default:
          return true;
      }
  }
}

function checkBinding(v: unknown): boolean {
  const ok = (s: unknown) => typeof s === 'string' && s.trim() !== '' && s.length <= 32;
  return ok(v) || (Array.isArray(v) && v.length > 0 && v.every(ok));
}

/** Every known key, for did-you-mean across tables (`mode` under [thresholds]). */
function allKeys(): Array<{ table: string; key: string }> {
  return Object.entries(SCHEMA).flatMap(([table, t]) => Object.keys(t.fields).map((key) => ({ table, key })));
}

function unknownKey(path: string[], table: string | null): Problem {
  const key = path[path.length - 1]!;
  const name = path.join('.');
  if (SECRET_NAME.test(key)) {
    return { path, message: 'config.err.apiKeyField', params: { key: name }, at: 'key' };
  }
  const local = table ? Object.keys(SCHEMA[table]!.fields) : [];
  const near = didYouMean(key, local);
  if (near) {
    return {
      path,
      message: 'config.err.unknownKeyDidYouMean',
      params: { key: name, suggestion: `${table}.${near}` },
      at: 'key',
    };
  }
  const elsewhere = allKeys();
  const far = didYouMean(
    key,
    elsewhere.map((e) => e.key),
  );
  if (far) {
    const hit = elsewhere.find((e) => e.key === far)!;
    return {
      path,
      message: 'config.err.unknownKeyDidYouMean',
      params: { key: name, suggestion: `${hit.table}.${hit.key}` },
      at: 'key',
    };
  }
  if (table) {
    return {
      path,
      message: 'config.err.unknownKey',
      params: { key: name, table, known: local.join(', ') },
      at: 'key',
    };
  }
  return {
    path,
    message: 'config.err.unknownTable',
    params: { key: name, known: Object.keys(SCHEMA).join(', ') },
    at: 'key',
  };
}

/** Check `data` (parsed TOML) against the schema; keep every valid value. */
export function validateData(data: Record<string, unknown>, env: NodeJS.ProcessEnv): Validated {
  const config = defaultConfig(env) as unknown as Record<string, Record<string, unknown>>;
  const problems: Problem[] = [];
  const expected = (path: string[], f: Field, v: unknown): Problem => {
    const e = expectation(f);
    // A secret key's value (a webhook URL carries its token) is never echoed, even when invalid.
    const found = f.secret && typeof v === 'string' ? '"…"' : formatFound(v);
    const params: Params = { key: path.join('.'), found, ...e.params };
    params.expected = e.key;
    if (f.kind === 'enum' && typeof v === 'string') {
      const near = didYouMean(v, f.values ?? []);
      if (near)
        return {
          path,
          message: 'config.err.expectedDidYouMean',
          params: { ...params, suggestion: `"${near}"` },
          at: 'value',
        };
    }
    return { path, message: 'config.err.expected', params, at: 'value' };
  };

  for (const [tableName, value] of Object.entries(data)) {
    const table = SCHEMA[tableName];
    if (!table) {
      if (isTable(value)) {
        const near = didYouMean(tableName, Object.keys(SCHEMA));
        problems.push(
          near
            ? {
                path: [tableName],
                message: 'config.err.unknownTableDidYouMean',
                params: { key: tableName, suggestion: near },
                at: 'key',
              }
            : unknownKey([tableName], null),
        );
      } else problems.push(unknownKey([tableName], null));
      continue;
    }
    if (!isTable(value)) {
      problems.push({
        path: [tableName],
        message: 'config.err.expected',
        params: {
          key: tableName,
          expected: 'config.expect.table',
          found: formatFound(value),
          table: tableName,
        },
        at: 'value',
      });
      continue;
    }
    const target = config[tableName]!;
    for (const [key, v] of Object.entries(value)) {
      const path = [tableName, key];
      if (table.map) {
        if (SECRET_NAME.test(key)) problems.push(unknownKey(path, tableName));
        else if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key))
          problems.push({
            path,
            message: 'config.err.expected',
            params: { key: path.join('.'), expected: 'config.expect.commandName', found: formatFound(key) },
            at: 'key',
          });
        else if (!checkBinding(v))
          problems.push({
            path,
            message: 'config.err.expected',
            params: { key: path.join('.'), expected: 'config.expect.binding', found: formatFound(v) },
            at: 'value',
          });
        else if (!(COMMAND_IDS as readonly string[]).includes(key)) {
          const near = didYouMean(key, COMMAND_IDS);
          problems.push(
            near
              ? {
                  path,
                  message: 'config.err.unknownKeyDidYouMean',
                  params: { key: path.join('.'), suggestion: `keys.${near}` },
                  at: 'key',
                }
              : { path, message: 'config.err.unknownCommand', params: { key: path.join('.') }, at: 'key' },
          );
        } else {
          const bad = (Array.isArray(v) ? v : [v]).find((k) => canonicalKey(k as string) === null);
          if (bad !== undefined)
            problems.push({
              path,
              message: 'config.err.expected',
              params: { key: path.join('.'), expected: 'config.expect.keyName', found: formatFound(bad) },
              at: 'value',
            });
          else target[key] = v;
        }
        continue;
      }
      const field = table.fields[key];
      if (!field) {
        problems.push(unknownKey(path, tableName));
        continue;
      }
      if (fits(field, v)) target[key] = v;
      else problems.push(expected(path, field, v));
    }
  }

  // The [keys] overrides against the chosen keymap (a key bound twice, a command left without
  // one), once every entry is valid on its own.
  if (!problems.some((p) => p.path[0] === 'keys' || p.path.join('.') === 'ui.keymap')) {
    try {
      buildKeymap((config.ui as VigilConfig['ui']).keymap, config.keys as VigilConfig['keys']);
    } catch (err) {
      if (!(err instanceof KeymapError)) throw err;
      for (const detail of err.problems)
        problems.push({
          path: ['keys'],
          message: 'config.err.keymap',
          params: { detail: sanitize(detail, 200) },
          at: 'key',
        });
    }
  }

  // Relations between keys, checked only when both sides are valid.
  const th = config.thresholds as VigilConfig['thresholds'];
  const given = (k: string) => isTable(data.thresholds) && k in data.thresholds;
  const bad = (k: string) => problems.some((p) => p.path.join('.') === `thresholds.${k}`);
  if (
    !bad('ram_critical_percent') &&
    !bad('ram_warn_percent') &&
    th.ram_critical_percent < th.ram_warn_percent
  ) {
    const blame = given('ram_critical_percent') ? 'ram_critical_percent' : 'ram_warn_percent';
    problems.push(relation(blame, 'ram_critical_percent', 'ram_warn_percent', th, 'config.err.atLeast'));
  }
  if (
    !bad('disk_critical_free_percent') &&
    !bad('disk_min_free_percent') &&
    th.disk_critical_free_percent > th.disk_min_free_percent
  ) {
    const blame = given('disk_critical_free_percent')
      ? 'disk_critical_free_percent'
      : 'disk_min_free_percent';
    problems.push(
      relation(blame, 'disk_critical_free_percent', 'disk_min_free_percent', th, 'config.err.atMost'),
    );
  }
  return { config: config as unknown as VigilConfig, problems };
}

function relation(
  blame: string,
  left: string,
  right: string,
  th: VigilConfig['thresholds'],
  message: string,
): Problem {
  const values = th as unknown as Record<string, number>;
  return {
    path: ['thresholds', blame],
    message,
    params: {
      key: `thresholds.${left}`,
      found: values[left]!,
      other: `thresholds.${right}`,
      otherValue: values[right]!,
    },
    at: 'value',
  };
}
