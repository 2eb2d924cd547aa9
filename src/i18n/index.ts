// One catalogue for every user-facing string (messages, notifications, TUI labels), in English
// and French. Each area keeps its strings in its own file, named as its keys begin
// (`health.*` in src/i18n/health.ts), listed in CATALOGUES below; a test fails when a key exists in
// one language and not the other, or sits in a file its prefix does not name.
import { ai } from './ai.ts';
import type { Catalogue, Language } from './catalogue.ts';
import { cli } from './cli.ts';
import { config } from './config.ts';
import { explain } from './explain.ts';
import { files } from './files.ts';
import { health } from './health.ts';
import { help } from './help.ts';
import { kill } from './kill.ts';
import { ledger } from './ledger.ts';
import { nice } from './nice.ts';
import { notify } from './notify.ts';
import { policy } from './policy.ts';
import { report } from './report.ts';
import { rules } from './rules.ts';
import { service } from './service.ts';
import { status } from './status.ts';
import { tui } from './tui.ts';

export type Params = Record<string, string | number>;

/** Every area's catalogue, by key prefix. Add yours here: `import { rules } from './rules.ts'` then list it. */
export const CATALOGUES: Record<string, Catalogue> = {
  ai,
  cli,
  config,
  explain,
  files,
  health,
  help,
  kill,
  nice,
  ledger,
  notify,
  policy,
  report,
  rules,
  service,
  status,
  tui,
};

const merged: Record<Language, Map<string, string>> = { en: new Map(), fr: new Map() };
for (const cat of Object.values(CATALOGUES)) {
  for (const lang of ['en', 'fr'] as const)
    for (const [k, v] of Object.entries(cat[lang])) merged[lang].set(k, v);
}

/** Translate `key` with `{name}` placeholders; an unknown key shows itself (and a test catches it). */
export function t(lang: Language, key: string, params: Params = {}): string {
  const text = merged[lang].get(key) ?? merged.en.get(key) ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translator bound to one language. */
export function translator(lang: Language): (key: string, params?: Params) => string {
  return (key, params) => t(lang, key, params);
}
