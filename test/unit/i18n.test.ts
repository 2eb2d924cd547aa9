import assert from 'node:assert/strict';
import { test } from 'node:test';
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
