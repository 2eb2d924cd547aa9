// What changed between two configs, as `table.key → new value` (secrets masked): the daemon logs
// it on reload so an operator (and the reload test) sees what took effect.
import { maskUrl } from './render.ts';
import { SCHEMA } from './schema.ts';
import type { VigilConfig } from './types.ts';

export function configChanges(before: VigilConfig, after: VigilConfig): Record<string, unknown> {
  const a = before as unknown as Record<string, Record<string, unknown>>;
  const b = after as unknown as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(SCHEMA)) {
    const keys = new Set([...Object.keys(a[name] ?? {}), ...Object.keys(b[name] ?? {})]);
    for (const key of keys) {
      const x = a[name]?.[key];
      const y = b[name]?.[key];
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      const secret = table.fields[key]?.secret && typeof y === 'string';
      out[`${name}.${key}`] = y === undefined ? null : secret ? maskUrl(y as string) : y;
    }
  }
  return out;
}
