// docs/configuration.md is generated from the schema: fail when it is stale or misses a key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { renderDocs } from '../../src/config/docs.ts';
import { allKeyPaths, SCHEMA } from '../../src/config/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test('docs/configuration.md is up to date (regenerate: node src/config/gen-docs.ts)', () => {
  const onDisk = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
  assert.equal(onDisk, renderDocs(), 'docs/configuration.md is stale: run `node src/config/gen-docs.ts`');
});

test('the generated docs list every key with its type, default and range', () => {
  const docs = renderDocs();
  for (const path of allKeyPaths()) {
    const [table, key] = path.split('.') as [string, string];
    const f = SCHEMA[table]!.fields[key]!;
    const section = docs.slice(docs.indexOf(`### [${table}]`));
    const row = section.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
    assert.ok(row, `${path} documented`);
    if (f.min !== undefined && f.max !== undefined)
      assert.ok(row.includes(`${f.min} … ${f.max}`), `${path} range`);
    for (const v of f.values ?? []) assert.ok(row.includes(`"${v}"`), `${path} value ${v}`);
    if (!f.optional && !f.computeDefault) assert.ok(row.includes('`'), `${path} default`);
  }
  for (const table of Object.keys(SCHEMA))
    assert.ok(docs.includes(`### [${table}]`), `[${table}] documented`);
});
