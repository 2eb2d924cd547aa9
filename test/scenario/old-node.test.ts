// Under the system's Node 20 (Debian 12's, end of life) the built entry point must refuse in one
// line, exit 1, on every path — never load better-sqlite3's addon, which segfaults there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodeSupported } from '../../src/cli/runtime.ts';
import { REPO, runCli } from '../helpers/cli.ts';

/** An unsupported Node: the image's system Node (v20), or the one VIGIL_OLD_NODE names. */
const OLD_NODE = process.env.VIGIL_OLD_NODE ?? '/usr/bin/node';
const ENTRY = join(REPO, 'dist/src/cli/main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-old-node-'));
const env = { ...process.env, VIGIL_DATA_DIR: dataDir, XDG_CONFIG_HOME: join(dataDir, 'cfg'), LANG: 'C' };
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('an unsupported Node is there to try (the system Node of this image)', () => {
  const v = spawnSync(OLD_NODE, ['--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0, `${OLD_NODE} runs`);
  assert.equal(nodeSupported(v.stdout.trim()), false, `${OLD_NODE} is ${v.stdout.trim()}: not an old Node`);
  assert.ok(existsSync(ENTRY), 'dist/ is built (npm run build)');
});

test('every path prints the one line and exits 1, also once a vigil.db exists', () => {
  const paths = [
    [],
    ['status'],
    ['status', '--json'],
    ['status', '--check'],
    ['watch'],
    ['--headless', '--ticks', '2'],
    ['health'],
    ['report'],
    ['--version'],
  ];
  const check = () => {
    for (const args of paths) {
      const r = spawnSync(OLD_NODE, [ENTRY, ...args], { env, encoding: 'utf8', timeout: 30_000 });
      const what = `vigil ${args.join(' ')}`;
      assert.equal(r.signal, null, `${what}: no crash (${r.signal})`);
      assert.equal(r.status, 1, `${what}: exit 1\n${r.stderr}`);
      assert.equal(r.stdout, '', what);
      assert.match(r.stderr, /^vigil: Node\.js \^22\.18 \|\| >=24 required, this is v\d+\.[^\n]*\n$/, what);
    }
  };
  check();
  // History written by a supported Node: an old one must still not open it.
  const daemon = runCli(['--headless', '--interval', '0.2', '--ticks', '1'], env);
  assert.equal(daemon.code, 0, daemon.stderr);
  assert.ok(existsSync(join(dataDir, 'vigil.db')));
  check();
});
