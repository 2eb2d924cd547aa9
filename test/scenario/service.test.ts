// The systemd units: the shipped files pass `systemd-analyze verify` (system and user managers),
// and `vigil service install|uninstall` writes and removes a unit that verifies too.
// systemd-analyze checks that ExecStart's binary exists, and the shipped units point at
// /usr/local/bin/vigil (an `npm install -g` default); the check therefore runs on a temp copy
// whose ExecStart is the real node + dist/src/cli/main.js of this checkout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { execStartLine, MARKER, renderUnit, unitWord } from '../../src/cli/commands/service.ts';
import { DAEMON_NODE_FLAGS } from '../../src/cli/daemon-node.ts';
import { CLI, REPO, runCli } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-service-'));
after(() => rmSync(root, { recursive: true, force: true }));
const runtimeDir = join(root, 'runtime');
mkdirSync(runtimeDir, { mode: 0o700 });

/** `systemd-analyze [--user] verify FILE`: silent and 0 on a clean unit. */
function verify(file: string, user: boolean): { status: number | null; output: string } {
  const args = [...(user ? ['--user'] : []), 'verify', file];
  // The user manager needs a runtime dir even for an offline check.
  const r = spawnSync('systemd-analyze', args, {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, SYSTEMD_LOG_COLOR: '0' },
  });
  assert.equal(r.error, undefined, 'systemd-analyze runs (Debian package systemd)');
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

/** Active directives of a unit (comments dropped). */
function directives(text: string): string[] {
  return text.split('\n').filter((l) => /^[A-Za-z]+=/.test(l));
}

const distMain = join(REPO, 'dist/src/cli/main.js');

for (const [file, user] of [
  ['vigil.service', true],
  ['vigil.service', false],
  ['vigil-system.service', false],
] as const) {
  test(`shipped ${file} passes systemd-analyze ${user ? '--user ' : ''}verify`, () => {
    const shipped = readFileSync(join(REPO, 'contrib/systemd', file), 'utf8');
    const dir = mkdtempSync(join(root, 'verify-'));
    const copy = join(dir, file);
    writeFileSync(copy, renderUnit(shipped, [process.execPath, distMain, '--headless']));
    const r = verify(copy, user);
    assert.equal(r.status, 0, r.output);
    assert.equal(r.output, '', 'no warning at all');
  });
}

test('verify is not a rubber stamp: a misspelt key and a missing binary are reported', () => {
  const shipped = readFileSync(join(REPO, 'contrib/systemd/vigil.service'), 'utf8');
  const dir = mkdtempSync(join(root, 'bad-'));
  const typo = join(dir, 'vigil.service');
  writeFileSync(typo, renderUnit(shipped, [process.execPath, distMain]).replace('Restart=', 'Restrat='));
  assert.match(verify(typo, false).output, /Unknown key 'Restrat'/);
  const missing = join(dir, 'missing.service');
  writeFileSync(missing, renderUnit(shipped, ['/nonexistent/vigil']));
  const r = verify(missing, false);
  assert.notEqual(r.status, 0);
  assert.match(r.output, /not executable|No such file/);
});

test('the units keep the monitor able to see and signal: no option that hides /proc or PIDs', () => {
  for (const file of ['vigil.service', 'vigil-system.service']) {
    const d = directives(readFileSync(join(REPO, 'contrib/systemd', file), 'utf8'));
    for (const bad of [
      /^PrivatePIDs=yes/,
      /^ProtectProc=(invisible|noaccess|ptraceable)/,
      /^ProcSubset=pid/,
      /^PrivateNetwork=yes/,
      /^PrivateDevices=yes/,
      /^MemoryDenyWriteExecute=yes/,
    ]) {
      assert.ok(!d.some((l) => bad.test(l)), `${file}: ${bad}`);
    }
    assert.ok(d.includes('Restart=on-failure'), `${file} restarts on failure`);
    assert.ok(
      d.some((l) => l.startsWith('ExecReload=') && l.includes('-HUP')),
      `${file} reloads with SIGHUP`,
    );
    assert.ok(
      d.some((l) => /^ExecStart=\S+ --headless$/.test(l)),
      `${file} runs the daemon`,
    );
  }
  const user = directives(readFileSync(join(REPO, 'contrib/systemd/vigil.service'), 'utf8'));
  // In a user manager these need user namespaces, which would hide the user's own processes.
  for (const ns of ['ProtectSystem=', 'ProtectHome=', 'PrivateTmp=', 'PrivateUsers=']) {
    assert.ok(!user.some((l) => l.startsWith(ns)), `user unit has no ${ns}`);
  }
});

test('ExecStart words: % and $ escaped for systemd, unusual paths quoted', () => {
  assert.equal(unitWord('/usr/bin/node'), '/usr/bin/node');
  assert.equal(unitWord('/opt/my apps/main.js'), '"/opt/my apps/main.js"');
  assert.equal(unitWord('/data/100%'), '/data/100%%');
  assert.equal(unitWord('/x/$HOME'), '/x/$$HOME');
  assert.equal(unitWord('/a "b"\\c'), '"/a \\"b\\"\\\\c"');
  assert.equal(execStartLine(['/n', '/m.js', '--headless']), 'ExecStart=/n /m.js --headless');
  assert.throws(() => renderUnit('[Service]\nType=exec\n', ['/n']), /no ExecStart/);
});

test('service install writes the user unit with this node and entry point; uninstall removes it', () => {
  const home = join(root, 'home1');
  const env = { XDG_CONFIG_HOME: join(home, '.config'), HOME: home };
  const cwd = mkdtempSync(join(root, 'cwd-'));
  const r = spawnSync(process.execPath, [CLI, 'service', 'install'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const unit = join(home, '.config/systemd/user/vigil.service');
  assert.ok(r.stdout.includes(`wrote ${unit}`), r.stdout);
  assert.ok(
    r.stdout.includes('systemctl --user daemon-reload && systemctl --user enable --now vigil'),
    r.stdout,
  );
  if (!existsSync('/run/systemd/system')) assert.match(r.stdout, /systemd is not running on this machine/);
  const text = readFileSync(unit, 'utf8');
  assert.ok(text.startsWith(MARKER));
  const exec = directives(text).find((l) => l.startsWith('ExecStart='))!;
  assert.equal(exec, `ExecStart=${process.execPath} ${DAEMON_NODE_FLAGS.join(' ')} ${CLI} --headless`);
  assert.equal(verify(unit, true).output, '');

  // Again: the same file is updated in place.
  const again = runCli(['service', 'install'], env);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /^updated /);

  // `systemctl enable` would have made this link; uninstall removes it with the unit.
  const wants = join(home, '.config/systemd/user/default.target.wants');
  mkdirSync(wants, { recursive: true });
  symlinkSync(unit, join(wants, 'vigil.service'));
  const un = runCli(['service', 'uninstall'], env);
  assert.equal(un.code, 0, un.stderr);
  assert.ok(un.stdout.includes(`removed ${unit}`));
  assert.ok(un.stdout.includes('systemctl --user stop vigil; systemctl --user daemon-reload'));
  assert.equal(existsSync(unit), false);
  assert.equal(existsSync(join(wants, 'vigil.service')), false);
  const twice = runCli(['service', 'uninstall'], env);
  assert.equal(twice.code, 0);
  assert.match(twice.stdout, /nothing to remove/);
});

test('--config and --data-dir given to install are kept in ExecStart as absolute paths', () => {
  const home = join(root, 'home2');
  const env = { XDG_CONFIG_HOME: join(home, '.config'), HOME: home };
  const cwd = mkdtempSync(join(root, 'cwd-'));
  writeFileSync(join(cwd, 'my config.toml'), '[general]\ninterval_secs = 2\n');
  const r = spawnSync(
    process.execPath,
    [CLI, 'service', 'install', '--config', 'my config.toml', '--data-dir', 'state'],
    { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const exec = directives(readFileSync(join(home, '.config/systemd/user/vigil.service'), 'utf8')).find((l) =>
    l.startsWith('ExecStart='),
  )!;
  assert.ok(
    exec.endsWith(` --headless --config "${join(cwd, 'my config.toml')}" --data-dir ${join(cwd, 'state')}`),
    exec,
  );
});

test('a unit vigil did not write is left alone', () => {
  const home = join(root, 'home3');
  const env = { XDG_CONFIG_HOME: join(home, '.config'), HOME: home };
  const unit = join(home, '.config/systemd/user/vigil.service');
  mkdirSync(join(home, '.config/systemd/user'), { recursive: true });
  writeFileSync(unit, '[Service]\nExecStart=/bin/true\n');
  for (const action of ['install', 'uninstall']) {
    const r = runCli(['service', action], env);
    assert.equal(r.code, 1, action);
    assert.match(r.stderr, /was not written by vigil/);
    assert.equal(readFileSync(unit, 'utf8'), '[Service]\nExecStart=/bin/true\n');
  }
});

test('--system writes the hardened system unit and prints the sudo systemctl commands', () => {
  const dir = join(root, 'etc-systemd-system');
  const r = runCli(['service', 'install', '--system'], { VIGIL_SYSTEMD_SYSTEM_DIR: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /sudo systemctl daemon-reload && sudo systemctl enable --now vigil/);
  const text = readFileSync(join(dir, 'vigil.service'), 'utf8');
  assert.ok(directives(text).includes('DynamicUser=yes'));
  assert.ok(directives(text).includes('WantedBy=multi-user.target'));
  assert.equal(verify(join(dir, 'vigil.service'), false).output, '');
  const un = runCli(['service', 'uninstall', '--system'], { VIGIL_SYSTEMD_SYSTEM_DIR: dir });
  assert.equal(un.code, 0);
  assert.equal(existsSync(join(dir, 'vigil.service')), false);
});

test('bad usage: no action or an unknown one exits 2 with one line', () => {
  for (const args of [['service'], ['service', 'start'], ['service', 'install', 'extra']]) {
    const r = runCli(args, { XDG_CONFIG_HOME: join(root, 'unused') });
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
