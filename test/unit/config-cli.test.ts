// `vigil config path|init|show|edit` through the real CLI, in temp dirs, with a real editor
// process (a small script) and, for the re-open prompt, a real terminal (tmux).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'smol-toml';
import { defaultConfig } from '../../src/config/defaults.ts';
import { checkConfigText, loadConfig } from '../../src/config/load.ts';
import { renderInit } from '../../src/config/render.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/cli/main.ts');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  dirs.push(d);
  return d;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function vigil(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { PATH: process.env.PATH, LANG: 'C', ...env }, timeout: 30_000, cwd },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

test('config path: --config wins over VIGIL_CONFIG, which wins over $XDG_CONFIG_HOME', async () => {
  const d = tmp();
  const env = { HOME: d, XDG_CONFIG_HOME: join(d, 'xdg') };
  const both = { ...env, VIGIL_CONFIG: join(d, 'env.toml') };
  const runs = await Promise.all([
    vigil(['config', 'path'], env),
    vigil(['config', 'path'], { HOME: d }),
    vigil(['config', 'path'], both),
    vigil(['config', 'path', '--config', join(d, 'flag.toml')], both),
  ]);
  assert.deepEqual(
    runs.map((r) => r.stdout),
    [
      `${d}/xdg/vigil/config.toml\n`,
      `${d}/.config/vigil/config.toml\n`,
      `${d}/env.toml\n`,
      `${d}/flag.toml\n`,
    ],
  );
});

test('the file under $XDG_CONFIG_HOME is found and applied', async () => {
  const d = tmp();
  const env = { HOME: d, XDG_CONFIG_HOME: join(d, 'xdg') };
  const file = join(d, 'xdg/vigil/config.toml');
  execFileSync('mkdir', ['-p', join(d, 'xdg/vigil')]);
  writeFileSync(file, '[general]\nmode = "suggest"\n');
  const r = await vigil(['config', 'show'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^mode = "suggest"$/m);
  assert.match(r.stdout, new RegExp(`Effective configuration \\(${file}\\)`));
  assert.deepEqual(loadConfig({ env }).path, file);
});

test('a broken package.json in the current directory does not stop the config lookup', async () => {
  const d = tmp();
  writeFileSync(join(d, 'package.json'), '{ "name": broken');
  execFileSync('mkdir', ['-p', join(d, 'xdg/vigil')]);
  writeFileSync(join(d, 'xdg/vigil/config.toml'), '[ui]\nkeymap = "vim"\n');
  const r = await vigil(['config', 'show'], { HOME: d, XDG_CONFIG_HOME: join(d, 'xdg') }, d);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^keymap = "vim"$/m);
});

test('config init writes a commented default file that parses, validates and refuses to be overwritten', async () => {
  const d = tmp();
  const env = { HOME: d, XDG_CONFIG_HOME: join(d, 'xdg'), LANG: 'C' };
  const file = join(d, 'xdg/vigil/config.toml');
  const r = await vigil(['config', 'init'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `wrote ${file}\n`);
  const text = readFileSync(file, 'utf8');
  assert.deepEqual(JSON.parse(JSON.stringify(parse(text))), {
    general: {},
    thresholds: {},
    ai: {},
    notifications: {},
    allowlist: {},
    history: {},
    metrics: {},
    keys: {},
    ui: {},
  });
  assert.equal((await vigil(['config', 'check'], env)).code, 0);
  // Uncommenting every `# key = value` line gives exactly the defaults.
  const uncommented = text.replace(/^# ([a-z_]+ = )/gm, '$1');
  assert.notEqual(uncommented, text);
  assert.deepEqual(checkConfigText(uncommented, file, { env }), defaultConfig(env));
  assert.match(text, /^# ram_warn_percent = 80$/m);
  assert.match(text, /^# Range: 0 to 100\.$/m);
  assert.match(text, /^# Example: webhook_url = "https:/m);

  writeFileSync(file, '[general]\nmode = "auto"\n');
  const again = await vigil(['config', 'init'], env);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists; use --force to overwrite it/);
  assert.equal(readFileSync(file, 'utf8'), '[general]\nmode = "auto"\n');
  const forced = await vigil(['config', 'init', '--force'], env);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(readFileSync(file, 'utf8'), text);
});

test('config show prints the effective config as valid TOML, flags applied, secrets masked', async () => {
  const d = tmp();
  const full = join(ROOT, 'test/fixtures/config/valid/full.toml');
  const env = { HOME: d, VIGIL_CLAUDE_KEY: 'sk-ant-api03-doNotPrintMe1234567890' };
  const r = await vigil(['config', 'show', '--config', full, '--interval', '7', '--lang', 'en'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('SECRETPART'), 'webhook token masked');
  assert.ok(!r.stdout.includes('doNotPrintMe'), 'API key never shown');
  assert.match(r.stdout, /^webhook_url = "https:\/\/hooks\.slack\.com\/…"$/m);
  assert.match(r.stdout, /^# the environment variable VIGIL_CLAUDE_KEY is set \(the key is not shown\)$/m);
  const shown = checkConfigText(r.stdout, 'show-output.toml', { env });
  const expected = loadConfig({ path: full, env }).config;
  expected.general.interval_secs = 7;
  expected.general.language = 'en';
  expected.notifications.webhook_url = 'https://hooks.slack.com/…';
  assert.deepEqual(shown, expected);
});

test('config show and check refuse an invalid file (exit 2)', async () => {
  const bad = join(ROOT, 'test/fixtures/config/invalid/wrong-type.toml');
  for (const action of ['show', 'check']) {
    const r = await vigil(['config', action, '--config', bad], { HOME: '/nonexistent' });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrong-type\.toml:2:11: notifications\.desktop: expected true or false/);
  }
});

const BROKEN = '[thresholds]\nram_warn_percent = 180\n';
const FIXED = '[thresholds]\nram_warn_percent = 75\n';
const ORIGINAL = '# mine\n[general]\nmode = "suggest"\n';

/** An editor: the first run writes a broken file, the next ones a fixed one; logs its argument. */
function editorScript(d: string): string {
  const script = join(d, 'editor.cjs');
  writeFileSync(
    script,
    `#!${process.execPath}
const fs = require('node:fs');
const file = process.argv[2];
const state = ${JSON.stringify(join(d, 'editor.state'))};
const n = (fs.existsSync(state) ? Number(fs.readFileSync(state, 'utf8')) : 0) + 1;
fs.writeFileSync(state, String(n));
fs.appendFileSync(${JSON.stringify(join(d, 'editor.log'))}, file + '\\n');
fs.writeFileSync(file, n === 1 ? ${JSON.stringify(BROKEN)} : ${JSON.stringify(FIXED)});
`,
  );
  chmodSync(script, 0o755);
  return script;
}

test('config edit without a terminal: an invalid edit fails cleanly, the file is untouched; a valid one replaces it', async () => {
  const d = tmp();
  const conf = join(d, 'conf');
  execFileSync('mkdir', ['-p', conf]);
  const file = join(conf, 'vigil.toml');
  writeFileSync(file, ORIGINAL);
  const env = { HOME: d, EDITOR: editorScript(d) };

  const first = await vigil(['config', 'edit', '--config', file], env);
  assert.equal(first.code, 2);
  assert.match(
    first.stderr,
    new RegExp(`${file}:2:20: thresholds\\.ram_warn_percent: expected a number from 0 to 100, found 180`),
  );
  assert.match(first.stderr, /the edited configuration is invalid; .* left untouched/);
  assert.equal(readFileSync(file, 'utf8'), ORIGINAL, 'original untouched');
  assert.deepEqual(readdirSync(conf), ['vigil.toml'], 'no temp file left behind');
  const edited = readFileSync(join(d, 'editor.log'), 'utf8').trim();
  assert.notEqual(edited, file, 'the editor works on a copy');
  assert.ok(edited.startsWith(conf + '/'), 'the copy sits beside the file (atomic rename)');

  const second = await vigil(['config', '--config', file], env); // edit is the default action
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, `saved ${file}\n`);
  assert.equal(readFileSync(file, 'utf8'), FIXED);
  assert.deepEqual(readdirSync(conf), ['vigil.toml']);
});

test('config edit: VISUAL wins over EDITOR; a failing or missing editor leaves the file untouched', async () => {
  const d = tmp();
  const file = join(d, 'vigil.toml');
  writeFileSync(file, ORIGINAL);
  const failing = join(d, 'fail.cjs');
  writeFileSync(
    failing,
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(process.argv[2], 'x = =');\nprocess.exit(3);\n`,
  );
  chmodSync(failing, 0o755);
  const r = await vigil(['config', 'edit', '--config', file], {
    HOME: d,
    VISUAL: failing,
    EDITOR: editorScript(d),
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /exited with status 3; .* left untouched/);
  assert.equal(existsSync(join(d, 'editor.log')), false, 'EDITOR not used when VISUAL is set');
  const missing = await vigil(['config', 'edit', '--config', file], {
    HOME: d,
    EDITOR: join(d, 'no-such-editor'),
  });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot start the editor/);
  assert.equal(readFileSync(file, 'utf8'), ORIGINAL);
  assert.deepEqual(
    readdirSync(d).filter((f) => f.includes('.edit.')),
    [],
  );
});

test('config edit on a terminal re-opens the editor after an invalid save, then saves', async () => {
  const d = tmp();
  const file = join(d, 'vigil.toml');
  writeFileSync(file, ORIGINAL);
  const socket = `vigil-config-test-${process.pid}`;
  const done = join(d, 'exit-code');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const cmd = [
    `EDITOR=${editorScript(d)}`,
    `HOME=${d}`,
    'LANG=C',
    process.execPath,
    MAIN,
    'config',
    'edit',
    '--config',
    file,
    `; echo $? > ${done}; sleep 60`,
  ].join(' ');
  try {
    tmux('new-session', '-d', '-s', 'edit', '-x', '120', '-y', '30', cmd);
    const waitFor = async (what: () => boolean, label: string) => {
      const deadline = Date.now() + 20_000;
      while (!what()) {
        if (Date.now() > deadline)
          assert.fail(`timed out waiting for ${label}: ${tmux('capture-pane', '-p', '-t', 'edit')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await waitFor(
      () => tmux('capture-pane', '-p', '-t', 'edit').includes('Re-open the editor'),
      'the prompt',
    );
    const screen = tmux('capture-pane', '-p', '-J', '-t', 'edit');
    assert.match(screen, /ram_warn_percent: expected a number from 0 to 100, found 180/);
    assert.equal(readFileSync(file, 'utf8'), ORIGINAL, 'untouched while the edit is invalid');
    tmux('send-keys', '-t', 'edit', 'y', 'Enter');
    await waitFor(() => existsSync(done) && readFileSync(done, 'utf8').trim() !== '', 'the exit');
    assert.equal(readFileSync(done, 'utf8').trim(), '0');
    assert.equal(readFileSync(file, 'utf8'), FIXED);
    assert.equal(readFileSync(join(d, 'editor.state'), 'utf8'), '2', 'the editor ran twice');
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
});

test('config edit through a symlink replaces the real file and keeps the link', async () => {
  const d = tmp();
  const real = join(d, 'dotfiles-vigil.toml');
  const link = join(d, 'vigil.toml');
  writeFileSync(real, ORIGINAL);
  symlinkSync(real, link);
  writeFileSync(join(d, 'editor.state'), '1'); // the next edit is the valid one
  const r = await vigil(['config', 'edit', '--config', link], { HOME: d, EDITOR: editorScript(d) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `saved ${link}\n`);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(real, 'utf8'), FIXED);
});

test('config init in French: every comment translated, the same defaults', () => {
  const env = { HOME: '/nonexistent', LANG: 'fr_FR.UTF-8' };
  const text = renderInit(env, 'fr');
  assert.match(text, /^# Plage : 0 à 100\.$/m);
  assert.match(text, /^# Exemple : webhook_url = "https:/m);
  assert.doesNotMatch(text, /config\.doc\./, 'no untranslated key');
  const uncommented = text.replace(/^# ([a-z_]+ = )/gm, '$1');
  assert.deepEqual(checkConfigText(uncommented, 'fr.toml', { env }), defaultConfig(env));
  assert.equal(defaultConfig(env).general.language, 'fr');
});
