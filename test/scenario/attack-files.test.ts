// Attack 3 of issue 15 (and the file modes of attack 4): root writing through other users'
// files. Real directories owned by a throwaway user, real symbolic links, the real CLI and
// daemon run as root: nothing is written through a link, a data dir or config another user can
// write is refused with the path and the fix, `log_file = "/root/.bashrc"` fails `config check`,
// and everything Vigil writes is 0600 in a 0700 data dir.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-files-'));
const user = `vgf${process.pid}`;
let uid = 0;
const children: ChildProcess[] = [];

before(() => {
  execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
});

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
  spawnSync('userdel', [user]);
});

function vigil(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, LANG: 'C', NO_COLOR: '1', XDG_CONFIG_HOME: join(tmp, 'xdg'), ...env },
  });
}

/** A process whose command line carries a shell payload (any process chooses its argv). */
function victim(pwned: string): ChildProcess {
  const c = spawn('sh', ['-c', 'sleep 60; true', `$(touch ${pwned})`], { stdio: 'ignore' });
  children.push(c);
  return c;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);

test("another user's directory as the data dir: refused before anything is written through its links", () => {
  // The other user's directory, world-writable (sticky), with links they planted.
  const shared = join(tmp, 'shared');
  mkdirSync(shared);
  chownSync(shared, uid, 0);
  chmodSync(shared, 0o1777);
  const safe = mkdtempSync(join(tmp, 'root-'));
  const bashrc = join(safe, 'dot-bashrc');
  writeFileSync(bashrc, '# root shell startup\n');
  symlinkSync(bashrc, join(shared, 'vigil.log'));
  const dbTarget = join(safe, 'created-by-root.db');
  symlinkSync(dbTarget, join(shared, 'vigil.db'));
  const pwned = join(safe, 'pwned');
  const v = victim(pwned);

  const r = vigil(['kill', '--yes', String(v.pid)], { VIGIL_DATA_DIR: shared });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `refusing to run as root: the data directory is not safe: ${shared} belongs to another user \\(uid ${uid}\\)`,
    ),
  );
  assert.match(r.stderr, /Fix: /);
  assert.match(r.stderr, new RegExp(`${shared}/vigil.log is a symbolic link`));
  // Nothing written through the links, nothing signalled, and sourcing the file runs nothing.
  assert.equal(readFileSync(bashrc, 'utf8'), '# root shell startup\n');
  assert.equal(existsSync(dbTarget), false, 'the dangling vigil.db link made root create its target');
  assert.ok(alive(v), 'the kill went ahead');
  spawnSync('bash', ['-c', `. ${bashrc}`], { stdio: 'ignore' });
  assert.equal(existsSync(pwned), false, 'a command line ran when the file was sourced');
});

test('a dangling vigil.db link in our own data dir: SQLite never creates its target', async () => {
  const data = mkdtempSync(join(tmp, 'data-'));
  const elsewhere = mkdtempSync(join(tmp, 'elsewhere-'));
  const dbTarget = join(elsewhere, 'created-by-root.db');
  symlinkSync(dbTarget, join(data, 'vigil.db'));
  const v = victim(join(elsewhere, 'pwned'));
  const r = vigil(['kill', '--yes', String(v.pid)], { VIGIL_DATA_DIR: data });
  // The kill itself is the user's and goes through; history refuses the link (and says so).
  assert.equal(r.status, 0, r.stderr);
  assert.ok(await until(() => !alive(v)));
  assert.equal(existsSync(dbTarget), false, 'SQLite followed the link and created its target');
  assert.match(r.stderr, /history store unavailable/);
  const log = readFileSync(join(data, 'vigil.log'), 'utf8');
  assert.match(log, /"event":"action"/, 'the decision is still in the JSON log');
});

test('a config file other users can write: refused as root, with the path and the fix', () => {
  const dir = mkdtempSync(join(tmp, 'cfg-'));
  const config = join(dir, 'config.toml');
  writeFileSync(config, '[general]\nmode = "observe"\n');
  chmodSync(config, 0o666);
  const r = vigil(['status', '--top', '1', '--config', config], { VIGIL_DATA_DIR: join(dir, 'data') });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `the config file is not safe: ${config} can be written by other users \\(mode 0666\\).*Fix: chmod go-w ${config}`,
    ),
  );
  // A config in a directory another user owns is refused too (they could replace the file).
  const theirs = join(tmp, 'theirs');
  mkdirSync(theirs);
  chownSync(theirs, uid, 0);
  const planted = join(theirs, 'config.toml');
  writeFileSync(planted, '');
  const r2 = vigil(['status', '--top', '1', '--config', planted], { VIGIL_DATA_DIR: join(dir, 'data') });
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, new RegExp(`${theirs} belongs to another user \\(uid ${uid}\\)`));
  // Once fixed, it runs.
  chmodSync(config, 0o600);
  const ok = vigil(['status', '--top', '1', '--config', config], { VIGIL_DATA_DIR: join(dir, 'data') });
  assert.equal(ok.status, 0, ok.stderr);
});

test('config check rejects log_file = "/root/.bashrc"', () => {
  const dir = mkdtempSync(join(tmp, 'logpath-'));
  const config = join(dir, 'config.toml');
  writeFileSync(config, '[notifications]\nlog_file = "/root/.bashrc"\n');
  const r = vigil(['config', 'check', '--config', config], { VIGIL_DATA_DIR: join(dir, 'data') });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /notifications\.log_file: expected an absolute path .* named \*\.log or \*\.jsonl/);
  assert.match(r.stderr, /found "\/root\/\.bashrc"/);
});

test('file modes: data dir 0700; db, -wal, -shm, JSON log, heartbeat and HTML report 0600 (umask 022)', async () => {
  const dir = mkdtempSync(join(tmp, 'modes-'));
  const data = join(dir, 'data');
  // An older install left them wide open: they are tightened too.
  mkdirSync(data, { mode: 0o755 });
  chmodSync(data, 0o755);
  writeFileSync(join(data, 'vigil.log'), '');
  chmodSync(join(data, 'vigil.log'), 0o644);
  const config = join(dir, 'config.toml');
  writeFileSync(
    config,
    '[thresholds]\nram_warn_percent = 1\nram_critical_percent = 99\nram_for_secs = 0\n[notifications]\ndesktop = false\nterminal = false\n',
  );
  const daemon = spawn(
    'sh',
    ['-c', `umask 022; exec "${process.execPath}" "${CLI}" --headless --interval 0.2 --config "${config}"`],
    { env: { ...process.env, LANG: 'C', VIGIL_DATA_DIR: data }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(daemon);
  const files = ['vigil.db', 'vigil.db-wal', 'vigil.db-shm', 'vigil.log', 'daemon.json'].map((f) =>
    join(data, f),
  );
  try {
    assert.ok(
      await until(
        () => files.every((f) => existsSync(f)) && readFileSync(files[3]!, 'utf8').includes('ram_high'),
        20_000,
      ),
      'the daemon wrote every file',
    );
    assert.equal(mode(data), '700');
    for (const f of files) assert.equal(mode(f), '600', f);
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
  }
  const html = join(dir, 'report.html');
  const r = spawnSync(
    'sh',
    ['-c', `umask 022; exec "${process.execPath}" "${CLI}" report --html "${html}"`],
    {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C', VIGIL_DATA_DIR: data, XDG_CONFIG_HOME: dir },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(mode(html), '600');
});
