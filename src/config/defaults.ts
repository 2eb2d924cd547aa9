import { ANTHROPIC_MODEL_DEFAULT, fieldDefault, languageFromEnv, SCHEMA } from './schema.ts';
import type { VigilConfig } from './types.ts';

export { languageFromEnv };
export const DEFAULT_MODEL = ANTHROPIC_MODEL_DEFAULT;

/** Every default of SPEC §6, built from the schema (a fresh object each call). */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): VigilConfig {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, table] of Object.entries(SCHEMA)) {
    const t: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(table.fields)) {
      const v = fieldDefault(field, env);
      if (v !== undefined) t[key] = v;
    }
    out[name] = t;
  }
  return out as unknown as VigilConfig;
}
