import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { SCHEMA_DOCS_FR, schemaDocs } from '../../src/config/schema-docs.ts';
import { CATALOGUES, t } from '../../src/i18n/index.ts';

test('every catalogue has the same keys in English and French', () => {
  for (const [area, cat] of Object.entries(CATALOGUES)) {
    const en = Object.keys(cat.en).sort();
    const fr = Object.keys(cat.fr).sort();
    assert.deepEqual(
      en.filter((k) => !fr.includes(k)),
      [],
      `${area}: keys missing in fr`,
    );
    assert.deepEqual(
      fr.filter((k) => !en.includes(k)),
      [],
      `${area}: keys missing in en`,
    );
  }
});

test('placeholders are filled and the same in both languages', () => {
  assert.equal(t('en', 'status.processesShown', { shown: 3, total: 10 }), '3 of 10 processes');
  assert.equal(t('fr', 'status.processesShown', { shown: 3, total: 10 }), '3 processus sur 10');
  for (const [area, cat] of Object.entries(CATALOGUES)) {
    for (const [k, v] of Object.entries(cat.en)) {
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(ph(cat.fr[k] ?? ''), ph(v), `${area}: ${k} placeholders differ`);
    }
  }
});

/** Every .ts file under `dir` (recursively). */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const ROOT = resolve(import.meta.dirname, '../..');
// `t(lang, 'a.key'`, `t(n.lang, "a.key"`, `tr('a.key'`, `t('a.key'`: a literal catalogue key.
const KEY_USE = /\b(?:t|tr)\(\s*(?:[A-Za-z_$][\w$.]*\s*,\s*)?(['"])([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)+)\1/g;

test('every literal key used in src/ and screens/ exists in the merged catalogue (en and fr)', () => {
  const known = { en: new Set<string>(), fr: new Set<string>() };
  for (const cat of Object.values(CATALOGUES))
    for (const lang of ['en', 'fr'] as const) for (const k of Object.keys(cat[lang])) known[lang].add(k);
  const missing: string[] = [];
  let uses = 0;
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'screens'))]) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(KEY_USE)) {
        uses++;
        const key = m[2]!;
        for (const lang of ['en', 'fr'] as const)
          if (!known[lang].has(key))
            missing.push(`${relative(ROOT, file)}:${i + 1}: '${key}' missing in ${lang}`);
      }
    });
  }
  assert.ok(uses > 10, `the scan found the keys in use (${uses})`);
  assert.deepEqual(missing, []);
});

test('the scan catches a missing key', () => {
  const line = "const s = t(ctx.lang, 'config.no.such.key', { a: 1 }) + tr('x.y');";
  assert.deepEqual(
    [...line.matchAll(KEY_USE)].map((m) => m[2]),
    ['config.no.such.key', 'x.y'],
  );
  assert.equal(t('en', 'config.no.such.key'), 'config.no.such.key', 'an unknown key shows itself');
});

test('the config area: keys built at run time (validation messages) exist too', () => {
  const keys = new Set(Object.keys(CATALOGUES.config!.en));
  for (const file of sourceFiles(join(ROOT, 'src/config'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(config\.(?:err|expect)\.[A-Za-z]+)'/g))
      assert.ok(keys.has(m[1]!), `${relative(ROOT, file)}: ${m[1]} missing`);
  }
});

test('each catalogue file holds only the keys its name begins (src/i18n/health.ts: health.*)', () => {
  const dir = join(ROOT, 'src', 'i18n');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !['index.ts', 'catalogue.ts'].includes(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(
    Object.keys(CATALOGUES).sort(),
    files,
    'every catalogue file is listed in CATALOGUES by its name',
  );
  for (const [area, cat] of Object.entries(CATALOGUES))
    for (const lang of ['en', 'fr'] as const)
      assert.deepEqual(
        Object.keys(cat[lang]).filter((k) => !k.startsWith(`${area}.`)),
        [],
        `src/i18n/${area}.ts (${lang}) holds keys of another area`,
      );
});

test('every table, key and computed default of the schema has its French text, and no other', () => {
  const en = Object.keys(schemaDocs()).sort();
  const fr = Object.keys(SCHEMA_DOCS_FR).sort();
  assert.deepEqual(
    en.filter((k) => !fr.includes(k)),
    [],
    'schema texts missing in src/config/schema-docs.ts (French)',
  );
  assert.deepEqual(
    fr.filter((k) => !en.includes(k)),
    [],
    'French texts for keys the schema does not have',
  );
});
