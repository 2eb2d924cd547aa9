// `vigil kill` end to end: real processes, the real CLI from source, the JSON log it writes.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readFacts } from '../../src/proc/read.ts';
import { until } from '../helpers/cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN = join(ROOT, 'src/cli/main.ts');
const tmp = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
const children: ChildProcess[] = [];
const PROC = { proc: '/proc', sys: '/sys', dev: '/dev' };

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function vigil(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return runCmd(process.execPath, [MAIN, ...args], opts);
}

function runCmd(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, {
      env: { ...process.env, LANG: 'C', VIGIL_DATA_DIR: tmp, XDG_CONFIG_HOME: tmp, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    if (opts.input !== undefined) p.stdin.end(opts.input);
    else p.stdin.end();
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function spawnTracked(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, { stdio: 'ignore' });
  children.push(c);
  return c;
}

const alive = (pid: number) => {
  const f = readFacts(PROC, pid);
  return f !== null && f.state !== 'Z';
};

/** One line of the JSON log, as the tests read it. */
interface LogLine {
  event: string;
  rule?: string;
  action: { target: number; outcome: string; code: string; type: string; origin: string; signal: string };
  [key: string]: unknown;
}

function logLines(): LogLine[] {
  const file = join(tmp, 'vigil.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

test('usage errors: missing pid (2), bad pid (2), no such pid (1), --force with --signal (2)', async () => {
  const missing = await vigil(['kill']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing pid/);
  assert.doesNotMatch(missing.stderr, /at .*\.ts:\d+/);
  const bad = await vigil(['kill', 'abc', '--yes']);
  assert.equal(bad.code, 2);
  const none = await vigil(['kill', '4194304', '--yes']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no process with pid 4194304/);
  const both = await vigil(['kill', String(process.pid), '--force', '--signal', 'HUP']);
  assert.equal(both.code, 2);
});

test('without a TTY and without --yes: refused with exit 2, nothing sent', async () => {
  const s = spawnTracked('sleep', ['60']);
  const r = await vigil(['kill', String(s.pid)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no terminal to confirm on: add --yes/);
  assert.ok(alive(s.pid!));
});

test('--yes: shows the target, sends SIGTERM, waits, reports, logs the decision', async () => {
  const s = spawnTracked('sleep', ['61']);
  const r = await vigil(['kill', String(s.pid), '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${s.pid}\\s+sleep\\s+user=root\\s+RSS=`));
  assert.match(r.stdout, /command: sleep 61/);
  assert.match(r.stdout, /children: none/);
  assert.match(r.stdout, new RegExp(`sent SIGTERM to ${s.pid}`));
  assert.match(r.stdout, new RegExp(`exited: ${s.pid}`));
  assert.equal(
    s.signalCode ?? (await new Promise((res) => s.once('exit', (_c, sig) => res(sig)))),
    'SIGTERM',
  );
  const line = logLines().find((l) => l.action?.target === s.pid);
  assert.ok(line, 'decision in the JSON log');
  assert.equal(line.event, 'action');
  assert.deepEqual(
    [line.action.outcome, line.action.signal, line.action.origin],
    ['exited', 'SIGTERM', 'cli'],
  );
  // …and in the history store.
  const { openStore } = await import('../../src/store/index.ts');
  const store = openStore(tmp, { readonly: true });
  try {
    const rows = store.actionsSince(0) as unknown as Record<string, unknown>[];
    const row = rows.find((a) => a.pid === s.pid);
    assert.ok(row, `action row in vigil.db: ${JSON.stringify(rows)}`);
    // The ledger speaks SPEC §5's words, with the before/after check.
    assert.equal(row.outcome, 'exited');
    assert.deepEqual((row.check as { gone: number[] }).gone, [s.pid]);
    assert.equal(row.source, 'cli');
  } finally {
    store.close();
  }
});

test('--signal and --force: a process that ignores TERM stays (exit 1, hint), then --force kills it', async () => {
  const s = spawnTracked('bash', ['-c', 'trap "" TERM HUP; while :; do sleep 0.05; done']);
  await until(() => readFacts(PROC, s.pid!)?.name === 'bash');
  const hup = await vigil(['kill', String(s.pid), '--signal', 'HUP', '--yes']);
  assert.equal(hup.code, 1);
  assert.match(hup.stdout, /sent SIGHUP/);
  assert.match(hup.stderr, /still running after 3s: .*try --force/);
  assert.ok(alive(s.pid!));
  const force = await vigil(['kill', String(s.pid), '--force', '--yes']);
  assert.equal(force.code, 0, force.stderr);
  assert.match(force.stdout, /sent SIGKILL/);
  assert.ok(await until(() => !alive(s.pid!)));
});

test('--tree: the target and every descendant are signalled, leaves first', async () => {
  const parent = spawnTracked('bash', ['-c', 'sleep 62 & sleep 63 & bash -c "sleep 64 & wait" & wait']);
  let kids: number[] = [];
  await until(() => {
    const out = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim();
    kids = out ? out.split(' ').map(Number) : [];
    return kids.length === 3;
  });
  assert.equal(kids.length, 3);
  const r = await vigil(['kill', String(parent.pid), '--tree', '--yes']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /and its 4 descendants/);
  const sent = r.stdout
    .match(/sent SIGTERM to ([\d, ]+)/)![1]!
    .split(', ')
    .map(Number);
  // The leaves always get the signal; a shell whose children died may leave before its own
  // signal arrives (its `wait` returns), and that is still a killed tree.
  assert.ok(sent.length >= 3 && sent.length <= 5, `sent to ${sent.join(', ')}`);
  if (sent.includes(parent.pid!)) assert.equal(sent.at(-1), parent.pid, 'the root is signalled last');
  for (const pid of [...sent, parent.pid!, ...kids])
    assert.ok(await until(() => !alive(pid)), `pid ${pid} exited`);
});

test('refusals: PID 1 and an ancestor (this test runner), logged with their reason', async () => {
  const one = await vigil(['kill', '1', '--yes', '--force']);
  assert.equal(one.code, 1);
  assert.match(one.stderr, /refused: PID 1/);
  const anc = await vigil(['kill', String(process.pid), '--yes', '--signal', 'CONT']);
  assert.equal(anc.code, 1);
  assert.match(anc.stderr, /ancestor of Vigil/);
  const lines = logLines();
  assert.ok(
    lines.some((l) => l.action?.target === 1 && l.action.code === 'pid1' && l.action.outcome === 'refused'),
  );
  assert.ok(lines.some((l) => l.action?.target === process.pid && l.action.code === 'ancestor'));
});

test('on a TTY it asks: "n" sends nothing, "y" sends (script(1) gives it a pty)', async () => {
  const s = spawnTracked('sleep', ['65']);
  const cmd = `"${process.execPath}" "${MAIN}" kill ${s.pid}`;
  const no = await runCmd('script', ['-qec', cmd, '/dev/null'], { input: 'n\n' });
  assert.match(no.stdout, /Send SIGTERM\? \[y\/N\]/);
  assert.match(no.stdout, /Aborted: nothing sent/);
  assert.ok(alive(s.pid!));
  const yes = await runCmd('script', ['-qec', cmd, '/dev/null'], { input: 'y\n' });
  assert.match(yes.stdout, new RegExp(`sent SIGTERM to ${s.pid}`));
  assert.ok(await until(() => !alive(s.pid!)));
});
