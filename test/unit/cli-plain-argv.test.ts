import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GLOBAL_FLAGS, meowParse } from '../../src/cli/args.ts';
import { command as headless } from '../../src/cli/commands/headless.ts';
import { plainFlags } from '../../src/cli/plain-argv.ts';

const specs = { ...GLOBAL_FLAGS, ...headless.flags };

test('a plain daemon command line is read as meow reads it', async () => {
  const lines = [
    ['--headless'],
    ['--headless', '--interval', '5'],
    ['--headless', '--interval=0.5', '--ticks', '3'],
    ['--interval', '2', '--headless', '--metrics', '127.0.0.1:9101'],
    ['--headless', '--config', '/etc/vigil/config.toml', '--data-dir', '/var/lib/vigil'],
    ['--headless', '--data-dir=/tmp/a b', '--lang', 'fr', '--mode', 'observe'],
    ['--headless', '--no-color', '--lang=en'],
    ['--headless', '--color', '--mode=auto'],
    ['--headless', '--help'],
  ];
  for (const argv of lines) {
    const plain = plainFlags(argv, specs);
    assert.ok(plain, `plain path refused ${argv.join(' ')}`);
    const viaMeow = await meowParse(argv, specs);
    assert.deepEqual(plain, viaMeow.flags, argv.join(' '));
    assert.deepEqual(viaMeow.input, []);
  }
});

test('anything unusual is left to meow, so every error message comes from one parser', () => {
  const refused = [
    ['--headless', '-h'],
    ['--headless', '--bogus'],
    ['--headless', '--interval'],
    ['--headless', '--interval', 'abc'],
    ['--headless', '--interval', '-1'],
    ['--headless', '--interval', '1e3'],
    ['--headless', '--interval', '5', '--interval', '6'],
    ['--headless', 'extra'],
    ['--headless', '--metrics='],
    ['--headless', '--color=false'],
    ['--headless', '--no-interval'],
    ['--headless', '--Interval', '5'],
    ['--headless', '--', '--ticks', '1'],
    ['--headless', '--constructor', 'x'],
  ];
  for (const argv of refused) assert.equal(plainFlags(argv, specs), null, argv.join(' '));
});

test('random daemon command lines: whenever the plain path answers, meow agrees', async () => {
  const words = [
    '--headless',
    '--interval',
    '5',
    '0.25',
    '--ticks',
    '2',
    '--ticks=7',
    '--metrics',
    '127.0.0.1:0',
    '--config',
    '/x.toml',
    '--lang=fr',
    '--mode',
    'suggest',
    '--no-color',
    '--color',
    '--data-dir',
    '/tmp/d',
    '-v',
    'word',
  ];
  // A fixed linear congruential sequence: the same 400 lines on every run.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let answered = 0;
  for (let k = 0; k < 400; k++) {
    const argv = Array.from({ length: 1 + next(6) }, () => words[next(words.length)]!);
    const plain = plainFlags(argv, specs);
    if (!plain) continue;
    answered++;
    const viaMeow = await meowParse(argv, specs);
    assert.deepEqual(plain, viaMeow.flags, argv.join(' '));
    assert.deepEqual(viaMeow.input, [], argv.join(' '));
  }
  assert.ok(answered > 20, `only ${answered} lines took the plain path`);
});
