// Attack 7 of issue 15: a process that hides behind escape sequences. Its comm is `ESC ] x` and
// its argv[0] starts an OSC it never ends: the sanitiser must drop the introducers, not the whole
// field, so the process keeps a visible name and command line everywhere (status, explain, kill).
// A comm set in UTF-8 (a right-to-left override, an accent) is read as UTF-8, not latin1.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-names-'));
// The interpreter itself: a version manager's shim would exec it again and lose argv[0].
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

/** A python that sets its own comm to `comm` (bytes, hex) under argv[0] `argv0`, then sleeps. */
function hostile(argv0: string, commHex: string): ChildProcess {
  const code = `open('/proc/self/comm','wb').write(bytes.fromhex('${commHex}'))\nimport time\ntime.sleep(600)`;
  const c = spawn('bash', ['-c', 'exec -a "$0" "$2" -c "$1"', argv0, code, PYTHON], { stdio: 'ignore' });
  children.push(c);
  return c;
}

function status(): { pid: number; name: string; cmdline: string }[] {
  const r = spawnSync(process.execPath, [CLI, 'status', '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, LANG: 'C', VIGIL_DATA_DIR: tmp, XDG_CONFIG_HOME: tmp },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).processes;
}

const commOf = (pid: number) => readFileSync(`/proc/${pid}/comm`);

test('an unterminated escape in comm and argv[0] loses its introducer, never the whole field', async () => {
  // comm: ESC ] x; argv[0]: ESC ] 0 ; miner --pool evil (no BEL, no ST).
  const p = hostile('\u001b]0;miner --pool evil', Buffer.from('\u001b]x').toString('hex'));
  assert.ok(await until(() => commOf(p.pid!).toString('latin1').startsWith('\u001b]x')));
  const row = status().find((x) => x.pid === p.pid);
  assert.ok(row, 'status lists it');
  assert.equal(row.name, 'x');
  assert.match(row.cmdline, /^0;miner --pool evil -c /);
  assert.doesNotMatch(row.name + row.cmdline, /[\u0000-\u001f\u007f-\u009f]/);
  // explain and the kill confirmation read /proc themselves: the same visible name.
  const explain = spawnSync(process.execPath, [CLI, 'explain', String(p.pid), '--no-ai'], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', NO_COLOR: '1', VIGIL_DATA_DIR: tmp, XDG_CONFIG_HOME: tmp },
  });
  assert.match(explain.stdout, new RegExp(`Process ${p.pid}: x\\n`));
  assert.match(explain.stdout, /Command +0;miner --pool evil -c /);
});

test('a comm made only of an escape sequence shows as [hidden]; UTF-8 comms are read as UTF-8', async () => {
  const hidden = hostile('sleeper', Buffer.from('\u001b[2J\u001b[H').toString('hex'));
  const rtl = hostile('sleeper', Buffer.from('\u202egpj.exe', 'utf8').toString('hex'));
  const accent = hostile('sleeper', Buffer.from('café-worker', 'utf8').toString('hex'));
  assert.ok(
    await until(() => commOf(accent.pid!).toString('utf8').startsWith('café') && commOf(rtl.pid!).length > 8),
  );
  const rows = status();
  const name = (c: ChildProcess) => rows.find((x) => x.pid === c.pid)?.name;
  assert.equal(name(hidden), '[hidden]');
  // The override is removed (bidi), the rest kept; never latin1 mojibake like `â\u0080®gpj.exe`.
  assert.equal(name(rtl), 'gpj.exe');
  assert.equal(name(accent), 'café-worker');
});
