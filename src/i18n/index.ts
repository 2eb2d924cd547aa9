// One catalogue for every user-facing string (messages, notifications, TUI labels), in English
// and French. Each area keeps its strings in its own file (src/i18n/<area>.ts) and is listed in
// CATALOGUES below; a test fails when a key exists in one language and not the other.
import type { Language } from '../config/types.ts';
import { actions } from './actions.ts';
import { ai } from './ai.ts';
import type { Catalogue } from './catalogue.ts';
import { config } from './config.ts';
import { core } from './core.ts';
import { ops } from './ops.ts';
import { rules } from './rules.ts';
import { store } from './store.ts';
import { tui } from './tui.ts';

export type Params = Record<string, string | number>;

/** Every area's catalogue. Add yours here: `import { rules } from './rules.ts'` then list it. */
export const CATALOGUES: Record<string, Catalogue> = { actions, ai, config, core, rules, store, ops, tui };

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
