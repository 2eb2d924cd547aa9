// `vigil watch` refusals that need no screen: broken key bindings and no terminal (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, startVigil } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-watch-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function watch(configText: string | null, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, LANG: 'C' };
  const extra: string[] = [];
  if (configText !== null) {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.toml`);
    writeFileSync(file, configText);
    extra.push('--config', file);
  }
  return spawnSync(process.execPath, ['src/cli/main.ts', 'watch', ...extra, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20000,
  });
}

test('a key bound to two commands is refused at start-up with exit 2', () => {
  const r = watch('[keys]\nexplain = "q"\n');
  assert.equal(r.status, 2, r.stderr);
  // Found by the config validation (with the file position) before anything starts.
  assert.match(r.stderr, /\[keys\]: key 'q' is bound to both 'quit' and 'explain'/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
});

test('--keymap vim checks the overrides against vim: j is taken there', () => {
  // Valid with the default keymap (the config's), a conflict with the one chosen on the command line.
  const r = watch('[keys]\nexplain = "j"\n', '--keymap', 'vim');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /invalid key bindings: key 'j' is bound to both 'down' and 'explain'/);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
});

test('without a terminal, watch says what to use instead (exit 2)', () => {
  const r = watch(null);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--headless|status/);
});

test('plain `vigil` on a terminal is `vigil watch`', async () => {
  const session = startVigil(
    `vigil-plain-${process.pid}`,
    ['--interval', '0.5', '--data-dir', join(dir, 'data')],
    {
      cols: 100,
      rows: 30,
      env: { XDG_CONFIG_HOME: dir, TERM: 'tmux-256color' },
    },
  );
  try {
    await session.waitFor(/─ Processes[\s\S]*mode observe │ 0\.5s/);
    session.keys('q');
    assert.match(await session.waitFor(/VIGIL-EXIT=\d+/), /VIGIL-EXIT=0/);
  } finally {
    session.kill();
  }
});
