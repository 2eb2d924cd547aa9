// Table-driven: every fixture in test/fixtures/config/ through the real CLI (`vigil config check`)
// and through loadConfig in-process. Invalid files: exit 2, each problem located as FILE:LINE:COL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { ConfigError, loadConfig } from '../../src/config/load.ts';
import { allKeyPaths, SCHEMA } from '../../src/config/schema.ts';
import { didYouMean } from '../../src/config/validate.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/config');
const KEY_TEXT = 'Zx9QwErTyUiOp1234567890abcdefGHIJ';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function vigil(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'src/cli/main.ts'), ...args],
      { env: { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'C', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Each invalid fixture: where each problem is (LINE:COL) and what it says, in file order. */
const INVALID: Record<string, Array<[string, RegExp]>> = {
  'syntax.toml': [['3:17', /^TOML syntax error: invalid value$/]],
  'syntax-string.toml': [['3:16', /^TOML syntax error: /]],
  'wrong-type.toml': [['2:11', /^notifications\.desktop: expected true or false, found "yes"$/]],
  'bad-enum.toml': [
    ['2:8', /^general\.mode: expected one of "observe", "suggest", "auto", found "aggressive"$/],
  ],
  'enum-typo.toml': [
    ['2:10', /^ui\.keymap: expected one of "default", "vim", found "vi"; did you mean "vim"\?$/],
  ],
  'out-of-range.toml': [
    ['2:20', /^thresholds\.ram_warn_percent: expected a number from 0 to 100, found 150$/],
  ],
  'integer-expected.toml': [
    ['2:27', /^thresholds\.max_duplicate_processes: expected an integer from 1 to 100000, found 2\.5$/],
  ],
  'unknown-key.toml': [
    ['2:1', /^thresholds\.ram_warn: unknown key; did you mean thresholds\.ram_warn_percent\?$/],
  ],
  'misplaced-key.toml': [['2:1', /^thresholds\.mode: unknown key; did you mean general\.mode\?$/]],
  'unknown-table.toml': [['1:1', /^\[notifcations\]: unknown table; did you mean \[notifications\]\?$/]],
  'not-a-table.toml': [['1:11', /^general: expected a table \(\[general\]\), found "fast"$/]],
  'key-literal.toml': [
    ['3:1', /^ai\.api_key: API keys are never read from the config file; .*ai\.api_key_env/],
  ],
  'key-literal-value.toml': [
    ['3:15', /^ai\.api_key_env: expected an environment variable name .*, found "sk-ant-…"$/],
    ['3:16', /^an API key is written in the config file; .*\(ANTHROPIC_API_KEY\)/],
  ],
  'key-in-comment.toml': [['3:11', /^an API key is written in the config file/]],
  'relation.toml': [
    [
      '3:24',
      /^thresholds\.ram_critical_percent: expected at least thresholds\.ram_warn_percent \(85\), found 70$/,
    ],
  ],
  'keys.toml': [
    ['5:1', /^keys\.qiut: unknown key; did you mean keys\.quit\?$/],
    ['6:8', /^keys\.kill: expected a key name .*, found "F13"$/],
    ['7:1', /^keys\.frobnicate: unknown keymap command/],
  ],
  'keys-conflict.toml': [['1:1', /^\[keys\]: key 'f9' is bound to both 'quit' and 'kill'$/]],
  'secret-url.toml': [
    ['2:15', /^notifications\.webhook_url: expected an http:\/\/ or https:\/\/ URL, found "…"$/],
  ],
  'several.toml': [
    ['3:8', /^general\.mode: .*found "obsreve"; did you mean "observe"\?$/],
    ['4:17', /^general\.interval_secs: expected a number from 0\.1 to 3600, found "5"$/],
    ['7:20', /^thresholds\.ram_warn_percent: expected a number from 0 to 100, found 150$/],
    ['8:27', /^thresholds\.max_duplicate_processes: expected an integer from 1 to 100000, found -1$/],
    ['11:15', /^notifications\.webhook_url: expected an http:\/\/ or https:\/\/ URL, found "…"$/],
    ['14:10', /^metrics\.listen: expected HOST:PORT .*found "localhost"$/],
  ],
};

test('every invalid fixture has a case, and every case a fixture', () => {
  assert.deepEqual(readdirSync(join(FIXTURES, 'invalid')).sort(), Object.keys(INVALID).sort());
});

// Spawned CLI runs are independent: run a few at once to keep the file fast.
suite('invalid fixtures through the CLI', { concurrency: 3 }, () => {
  for (const [name, expected] of Object.entries(INVALID)) {
    test(`config check refuses invalid/${name} with exit 2 and located messages`, async () => {
      const file = join(FIXTURES, 'invalid', name);
      const r = await vigil(['config', 'check', '--config', file]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.match(
        lines[0]!,
        /^vigil: invalid configuration \((1 problem|\d+ problems)\); nothing was started:$/,
      );
      const problems = lines.slice(1);
      assert.equal(problems.length, expected.length, r.stderr);
      expected.forEach(([loc, message], i) => {
        const prefix = `${file}:${loc}: `;
        assert.ok(problems[i]!.startsWith(prefix), `expected ${prefix} in: ${problems[i]}`);
        assert.match(problems[i]!.slice(prefix.length), message);
      });
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(!r.stderr.includes(KEY_TEXT), 'an API key is never echoed');
      assert.ok(!r.stderr.includes('TOPSECRETTOKEN'), 'a secret value is never echoed');
    });
  }
});

test('a command that needs the config refuses to start on an invalid file (exit 2)', async () => {
  const file = join(FIXTURES, 'invalid', 'out-of-range.toml');
  const r = await vigil(['status', '--json', '--config', file]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`${file}:2:20: thresholds\\.ram_warn_percent: `));
});

test('messages follow --lang (French)', async () => {
  const file = join(FIXTURES, 'invalid', 'unknown-key.toml');
  const r = await vigil(['config', 'check', '--lang', 'fr', '--config', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /configuration invalide \(1 problème\)/);
  assert.match(
    r.stderr,
    /:2:1: thresholds\.ram_warn : clé inconnue ; vouliez-vous dire thresholds\.ram_warn_percent \?/,
  );
});

suite('valid fixtures through the CLI', { concurrency: 3 }, () => {
  for (const name of readdirSync(join(FIXTURES, 'valid'))) {
    test(`config check accepts valid/${name}`, async () => {
      const file = join(FIXTURES, 'valid', name);
      const r = await vigil(['config', 'check', '--config', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^${file} ?: OK\\n$`));
    });
  }
});

test('valid/full.toml sets every key of the schema to a non-default value', () => {
  const env = { HOME: '/nonexistent', LANG: 'C' };
  const { config, path } = loadConfig({ path: join(FIXTURES, 'valid/full.toml'), env });
  assert.equal(path, join(FIXTURES, 'valid/full.toml'));
  const defaults = defaultConfig(env) as unknown as Record<string, Record<string, unknown>>;
  const got = config as unknown as Record<string, Record<string, unknown>>;
  for (const p of allKeyPaths()) {
    const [t, k] = p.split('.') as [string, string];
    if (SCHEMA[t]!.fields[k]!.values?.length === 1) continue; // a one-value enum (ai.provider)
    assert.notEqual(got[t]![k], undefined, `${p} set`);
    assert.notDeepEqual(got[t]![k], defaults[t]![k], `${p} differs from its default`);
  }
  assert.deepEqual(config.keys, { quit: ['q', 'C-c'], kill: 'F9' });
});

test('partial and dotted files overlay the defaults', () => {
  const env = { HOME: '/nonexistent', LANG: 'fr_FR.UTF-8' };
  const partial = loadConfig({ path: join(FIXTURES, 'valid/partial.toml'), env }).config;
  assert.equal(partial.general.mode, 'suggest');
  assert.equal(partial.general.interval_secs, 2.5);
  assert.equal(partial.general.language, 'fr', 'language defaults from LANG');
  assert.equal(partial.thresholds.ram_warn_percent, 85);
  assert.equal(partial.thresholds.ram_critical_percent, 90);
  assert.deepEqual(partial.allowlist.ignore_commands, ['postgres*', 'java']);
  const dotted = loadConfig({ path: join(FIXTURES, 'valid/dotted.toml'), env }).config;
  assert.equal(dotted.thresholds.ram_warn_percent, 60);
  assert.equal(dotted.ui.keymap, 'vim');
  const empty = loadConfig({ path: join(FIXTURES, 'valid/empty.toml'), env }).config;
  assert.deepEqual(empty, defaultConfig(env));
});

test('ConfigError carries the file and every located problem', () => {
  const file = join(FIXTURES, 'invalid/several.toml');
  assert.throws(
    () => loadConfig({ path: file, env: {} }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.file, file);
      assert.equal(err.problems.length, 6);
      for (const p of err.problems) assert.match(p, new RegExp(`^${file}:\\d+:\\d+: `));
      return true;
    },
  );
});

test('a missing --config file is an error, a missing default file means defaults', async () => {
  const r = await vigil(['config', 'check', '--config', '/nonexistent/vigil.toml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\/nonexistent\/vigil\.toml: file not found/);
  const d = await vigil(['config', 'check'], { XDG_CONFIG_HOME: '/nonexistent/xdg' });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /no config file at \/nonexistent\/xdg\/vigil\/config\.toml; the defaults apply: OK/);
});

test('did-you-mean suggests close names only', () => {
  assert.equal(didYouMean('intervall_secs', ['mode', 'interval_secs', 'language']), 'interval_secs');
  assert.equal(didYouMean('ram_warn', ['ram_warn_percent', 'swap_warn_percent']), 'ram_warn_percent');
  assert.equal(didYouMean('colour', ['mode', 'interval_secs', 'language']), null);
});
