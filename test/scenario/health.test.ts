// `vigil health` against real parts: real /proc collectors, real SQLite files (healthy and
// corrupt), real config files, a real daemon (alive, killed, stopped) and its heartbeat.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { judgeHeartbeat, readHeartbeat, staleAfterSecs } from '../../src/health/heartbeat.ts';
import { startTicksOf } from '../../src/proc/read.ts';
import { exited, jsonLines, runCli, startCli, waitFor } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-health-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh data dir and config home per case. */
function sandbox(): { dataDir: string; env: NodeJS.ProcessEnv } {
  const base = join(root, String(n++));
  mkdirSync(base);
  return {
    dataDir: join(base, 'data'),
    env: { VIGIL_DATA_DIR: join(base, 'data'), XDG_CONFIG_HOME: join(base, 'cfg'), ANTHROPIC_API_KEY: '' },
  };
}

interface Report {
  ok: boolean;
  checks: { id: string; status: string; required: boolean; message: string; hint: string | null }[];
}

function health(
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): { code: number | null; report: Report; stderr: string } {
  const r = runCli(['health', '--json', ...extra], env);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const check = (r: Report, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `check ${id} present in ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
};

test('a fresh machine: every required part ok, exit 0; the daemon absent is only a warning', () => {
  const { env } = sandbox();
  const { code, report } = health(env);
  assert.equal(code, 0, JSON.stringify(report, null, 1));
  assert.equal(report.ok, true);
  for (const id of [
    'config',
    'data_dir',
    'database',
    'collector.cpu',
    'collector.memory',
    'collector.processes',
  ]) {
    assert.equal(check(report, id).status, 'ok', id);
    assert.equal(check(report, id).required, true, id);
    assert.equal(check(report, id).hint, null);
  }
  assert.match(check(report, 'collector.processes').message, /^\d+ processes$/);
  assert.equal(check(report, 'ai_key').status, 'ok');
  assert.match(check(report, 'ai_key').message, /AI is off/);
  const daemon = check(report, 'daemon');
  assert.equal(daemon.status, 'warn');
  assert.ok(daemon.hint?.includes('vigil service install'));
  for (const c of report.checks) assert.ok(['ok', 'warn', 'fail'].includes(c.status));
  for (const c of report.checks) if (c.status !== 'ok') assert.ok(c.hint, `${c.id} has a fix hint`);
});

test('a broken config is reported (file named), the other checks still run, exit 1', () => {
  const { env } = sandbox();
  const file = join(root, 'bad.toml');
  writeFileSync(file, '[general\ninterval_secs = 5\n');
  const { code, report } = health(env, ['--config', file]);
  assert.equal(code, 1);
  const c = check(report, 'config');
  assert.equal(c.status, 'fail');
  assert.ok(c.message.includes(file), c.message);
  assert.match(c.hint ?? '', /vigil config check/);
  assert.equal(check(report, 'collector.cpu').status, 'ok');
});

test('database: a healthy SQLite file passes quick_check; a corrupt one fails with a fix, exit 1', () => {
  const { env, dataDir } = sandbox();
  mkdirSync(dataDir, { recursive: true });
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    f: string,
  ) => {
    exec(s: string): void;
    close(): void;
  };
  const db = new Database(join(dataDir, 'vigil.db'));
  db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);');
  db.close();
  const good = health(env);
  assert.equal(check(good.report, 'database').status, 'ok');
  assert.match(check(good.report, 'database').message, /integrity ok/);

  writeFileSync(join(dataDir, 'vigil.db'), Buffer.alloc(8192, 0x5a));
  const bad = health(env);
  assert.equal(bad.code, 1);
  const c = check(bad.report, 'database');
  assert.equal(c.status, 'fail');
  assert.match(c.message, /SQLITE_NOTADB|not a database/);
  assert.match(c.hint ?? '', /move .*vigil\.db aside/);
  assert.equal(readFileSync(join(dataDir, 'vigil.db')).length, 8192, 'health changed nothing');
});

test('a data dir that is not a directory fails', () => {
  const { env } = sandbox();
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  const { code, report } = health({ ...env, VIGIL_DATA_DIR: file });
  assert.equal(code, 1);
  assert.equal(check(report, 'data_dir').status, 'fail');
});

test('AI on: the key is required; present, its value is never printed', () => {
  const { env } = sandbox();
  const file = join(root, 'ai.toml');
  writeFileSync(file, '[ai]\nenabled = true\napi_key_env = "VIGIL_TEST_KEY"\n');
  const missing = health({ ...env, VIGIL_TEST_KEY: '' }, ['--config', file]);
  assert.equal(missing.code, 1);
  assert.equal(check(missing.report, 'ai_key').status, 'fail');
  assert.match(check(missing.report, 'ai_key').hint ?? '', /VIGIL_TEST_KEY/);

  const secret = 'sk-ant-test-0123456789abcdef';
  const r = runCli(['health', '--json', '--config', file], { ...env, VIGIL_TEST_KEY: secret });
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(check(report, 'ai_key').status, 'ok');
  assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'the key never appears');
});

test('daemon heartbeat: running → ok; kill -9 → dead (exit 1); clean stop → warning', async () => {
  const { env, dataDir } = sandbox();
  const daemon = startCli(['--headless', '--interval', '0.2'], env);
  try {
    await waitFor(
      () => jsonLines(daemon.err()).filter((l) => l.event === 'started').length > 0,
      30_000,
      'start',
    );
    await waitFor(() => (readHeartbeat(dataDir)?.ticks ?? 0) >= 2, 30_000, 'heartbeat ticks');
    const alive = health(env);
    const c = check(alive.report, 'daemon');
    assert.equal(c.status, 'ok', c.message);
    assert.ok(c.message.includes(`pid ${daemon.pid}`), c.message);
    daemon.kill('SIGKILL');
    await exited(daemon);
    const dead = health(env);
    assert.equal(dead.code, 1);
    assert.equal(check(dead.report, 'daemon').status, 'fail');
    assert.match(check(dead.report, 'daemon').message, /died/);
  } finally {
    daemon.kill('SIGKILL');
  }
  const clean = startCli(['--headless', '--interval', '0.2'], env);
  try {
    // Ticks start after the signal handlers are in place.
    await waitFor(
      () => {
        const hb = readHeartbeat(dataDir);
        return hb !== null && hb.pid === clean.pid && hb.ticks >= 1;
      },
      30_000,
      'new heartbeat',
    );
    clean.kill('SIGTERM');
    assert.equal(await exited(clean), 0);
    const hb = readHeartbeat(dataDir);
    assert.ok(hb?.stoppedAt, 'a clean stop is recorded');
    const stopped = health(env);
    assert.equal(stopped.code, 0);
    assert.equal(check(stopped.report, 'daemon').status, 'warn');
    assert.match(check(stopped.report, 'daemon').message, /stopped cleanly/);
    // The daemon's recorder made a real history database: it passes the integrity check.
    assert.equal(check(stopped.report, 'database').status, 'ok');
    assert.match(check(stopped.report, 'database').message, /integrity ok, schema v[1-9]/);
  } finally {
    clean.kill('SIGKILL');
  }
});

test('heartbeat judgement: a live pid that stopped writing is stale; a reused pid is dead', async () => {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const start = await waitFor(
      () => startTicksOf({ proc: '/proc' }, sleeper.pid!),
      5000,
      'sleeper in /proc',
    );
    const now = Date.now();
    const hb = {
      pid: sleeper.pid!,
      startTicks: start,
      version: 'x',
      time: new Date(now - 1000).toISOString(),
      startedAt: new Date(now - 60_000).toISOString(),
      ticks: 5,
      intervalSecs: 5,
    };
    const lookup = (pid: number) => startTicksOf({ proc: '/proc' }, pid);
    assert.equal(judgeHeartbeat(hb, now, lookup).state, 'alive');
    const old = { ...hb, time: new Date(now - (staleAfterSecs(5) + 5) * 1000).toISOString() };
    assert.equal(judgeHeartbeat(old, now, lookup).state, 'stale');
    assert.equal(judgeHeartbeat({ ...hb, startTicks: start + 1 }, now, lookup).state, 'dead', 'pid reused');
    assert.equal(judgeHeartbeat(null, now, lookup).state, 'absent');

    // Through the CLI: the stale heartbeat of a live process fails the check.
    const { env, dataDir } = sandbox();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'daemon.json'), JSON.stringify(old));
    const r = health(env);
    assert.equal(r.code, 1);
    assert.match(check(r.report, 'daemon').message, /has not ticked for \d+ s/);
  } finally {
    sleeper.kill('SIGKILL');
    await exited(sleeper);
  }
});

test('the human report: one line per check with its status, hints, a summary; French too', () => {
  const { env } = sandbox();
  const r = runCli(['health'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}ok {4}config /m);
  assert.match(r.stdout, /^ {2}warn {2}daemon /m);
  assert.match(r.stdout, /→ start it: 'vigil service install'/);
  assert.match(r.stdout, /warning\(s\)\.$/m);
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour without a TTY');
  const fr = runCli(['health', '--lang', 'fr'], env);
  assert.match(fr.stdout, /aucun démon n'a tourné/);
  const usage = runCli(['health', 'extra'], env);
  assert.equal(usage.code, 2);
});

test('kernel log: the source the collector would use is probed (kmsg here; a journal through VIGIL_JOURNALCTL)', () => {
  const { env } = sandbox();
  const here = health(env);
  const k = check(here.report, 'kernel_log');
  assert.equal(k.required, false);
  assert.ok(['ok', 'warn'].includes(k.status));
  // This machine has no journald, so the collector reads /dev/kmsg; as root it opens.
  if (process.getuid?.() === 0) assert.match(k.message, /\/dev\/kmsg/);

  // No journald here: a stand-in journalctl (what the collector runs when VIGIL_JOURNALCTL is set).
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  const seeing = join(bin, 'journalctl-ok');
  writeFileSync(seeing, '#!/bin/sh\necho "Out of memory: Killed process 4242 (leaky)"\n', { mode: 0o755 });
  const ok = health({ ...env, VIGIL_JOURNALCTL: seeing });
  assert.equal(check(ok.report, 'kernel_log').status, 'ok');
  assert.match(check(ok.report, 'kernel_log').message, /journal/);

  const blind = join(bin, 'journalctl-blind');
  writeFileSync(
    blind,
    '#!/bin/sh\necho "Hint: You are currently not seeing messages from other users and the system." >&2\nexit 0\n',
    { mode: 0o755 },
  );
  const warn = health({ ...env, VIGIL_JOURNALCTL: blind });
  const w = check(warn.report, 'kernel_log');
  assert.equal(w.status, 'warn');
  assert.match(w.message, /not seeing messages/);
  assert.match(w.hint ?? '', /systemd-journal/);
  assert.equal(warn.code, 0, 'an unreadable kernel log is a warning, not a failure');
});
