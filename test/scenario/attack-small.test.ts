// The smaller findings of issue 15 (point 8), with real processes, a real mount and the real CLI:
// `kill --signal STOP` reports `stopped` (and CONT `continued`), a refusal names the field that
// matched, a mount point with a newline keeps its disk entry, `report --html` without a file is
// a usage error.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-small-'));
const children: ChildProcess[] = [];
const ENV = { ...process.env, LANG: 'C', NO_COLOR: '1', VIGIL_DATA_DIR: tmp, XDG_CONFIG_HOME: tmp };
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const vigil = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: ENV });
const stateOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0];
function outcomes(pid: number): string[] {
  return readFileSync(join(tmp, 'vigil.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action?: { target: number; outcome: string } })
    .filter((l) => l.action?.target === pid)
    .map((l) => l.action!.outcome);
}

test('kill --signal STOP reports stopped (state T), CONT continued, TERM exited: one vocabulary', async () => {
  const s = spawn('sleep', ['600'], { stdio: 'ignore' });
  children.push(s);
  const pid = s.pid!;
  const stop = vigil(['kill', '--yes', '--signal', 'STOP', String(pid)]);
  assert.equal(stop.status, 0, stop.stderr);
  assert.match(stop.stdout, new RegExp(`stopped: ${pid}`));
  assert.doesNotMatch(stop.stdout, /exited/);
  assert.equal(stateOf(pid), 'T');
  const cont = vigil(['kill', '--yes', '--signal', 'CONT', String(pid)]);
  assert.equal(cont.status, 0, cont.stderr);
  assert.match(cont.stdout, new RegExp(`continued: ${pid}`));
  assert.notEqual(stateOf(pid), 'T');
  const term = vigil(['kill', '--yes', String(pid)]);
  assert.equal(term.status, 0, term.stderr);
  assert.match(term.stdout, new RegExp(`exited: ${pid}`));
  // The same words in the JSON log and in history (SPEC §5).
  assert.deepEqual(outcomes(pid), ['stopped', 'continued', 'exited']);
  const report = vigil(['report', '--json']);
  const rows = (JSON.parse(report.stdout).actions as { pid: number; outcome: string }[]).filter(
    (a) => a.pid === pid,
  );
  assert.deepEqual(
    rows.map((a) => a.outcome),
    ['stopped', 'continued', 'exited'],
  );
});

test('a refusal names the field that matched: comm sshd under argv[0] python3.11', async () => {
  const link = join(tmp, 'sshd');
  symlinkSync('/bin/sleep', link);
  const s = spawn('bash', ['-c', `exec -a python3.11 "${link}" 600`], { stdio: 'ignore' });
  children.push(s);
  assert.ok(await until(() => readFileSync(`/proc/${s.pid}/comm`, 'utf8').trim() === 'sshd'));
  const r = vigil(['kill', '--yes', String(s.pid)]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    new RegExp(`refused: name 'sshd' of pid ${s.pid} matches the protected command pattern 'sshd'`),
  );
  assert.doesNotMatch(r.stderr, /python3\.11/);
});

test('a mount point with a newline keeps its disk entry (a real ext4 loop mount, private namespace)', () => {
  const img = join(tmp, 'fs.img');
  assert.equal(spawnSync('truncate', ['-s', '8M', img]).status, 0);
  assert.equal(spawnSync('mkfs.ext4', ['-q', img]).status, 0);
  const mnt = join(tmp, 'new\nline');
  mkdirSync(mnt);
  // unshare -m: the mount exists only for this shell and the vigil it starts.
  const r = spawnSync(
    'unshare',
    [
      '-m',
      'sh',
      '-c',
      'mount -o loop "$1" "$2" && "$3" "$4" status --json; rc=$?; umount "$2"; exit $rc',
      'sh',
      img,
      mnt,
      process.execPath,
      CLI,
    ],
    { encoding: 'utf8', timeout: 60_000, env: ENV },
  );
  assert.equal(r.status, 0, r.stderr);
  const disks = JSON.parse(r.stdout).disks as { mount: string; totalBytes: number; fsType: string }[];
  const shown = disks.find((d) => d.mount === join(tmp, 'new line'));
  assert.ok(shown, `the mount vanished: ${JSON.stringify(disks.map((d) => d.mount))}`);
  assert.equal(shown.fsType, 'ext4');
  assert.ok(shown.totalBytes > 0);
});

test('report --html without a file: a usage error (exit 2) that says what is missing', () => {
  const r = vigil(['report', '--html']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--html expects the file to write/);
});
