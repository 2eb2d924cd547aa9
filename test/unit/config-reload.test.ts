// reloadConfig (the TUI's reload key and any host): the new config and its changes, or the
// problems with the running config left as it was.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { configChanges } from '../../src/config/diff.ts';
import { reloadConfig } from '../../src/config/reload.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-reload-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { HOME: dir, LANG: 'C' };

test('a valid file: the new config, flags re-applied, and the changed keys', () => {
  const file = join(dir, 'ok.toml');
  writeFileSync(file, '[thresholds]\nswap_warn_percent = 20\n[general]\ninterval_secs = 9\n');
  const current = defaultConfig(env);
  const r = reloadConfig(current, {
    path: file,
    env,
    overrides: (c) => {
      c.general.interval_secs = 1;
    },
  });
  assert.ok(r.ok);
  assert.equal(r.path, file);
  assert.equal(r.config.thresholds.swap_warn_percent, 20);
  assert.equal(r.config.general.interval_secs, 1, 'the flag wins over the file');
  assert.deepEqual(r.changed, { 'general.interval_secs': 1, 'thresholds.swap_warn_percent': 20 });
  assert.equal(current.thresholds.swap_warn_percent, 50, 'the running config is not mutated');
});

test('an invalid file: the located problems, nothing else', () => {
  const file = join(dir, 'bad.toml');
  writeFileSync(file, '[thresholds]\nswap_warn_percent = "lots"\n');
  const r = reloadConfig(defaultConfig(env), { path: file, env });
  assert.ok(!r.ok);
  assert.deepEqual(r.problems, [
    `${file}:2:21: thresholds.swap_warn_percent: expected a number from 0 to 100, found "lots"`,
  ]);
});

test('configChanges masks secrets and reports removed optional keys as null', () => {
  const a = defaultConfig(env);
  const b = defaultConfig(env);
  b.notifications.webhook_url = 'https://hooks.slack.com/services/T0/B0/TOKEN';
  assert.deepEqual(configChanges(a, b), { 'notifications.webhook_url': 'https://hooks.slack.com/…' });
  assert.deepEqual(configChanges(b, a), { 'notifications.webhook_url': null });
});
