// A running daemon reloads its config on SIGHUP: a changed threshold takes effect (ram_high
// fires once ram_warn_percent drops under this machine's usage; the reload log names each changed
// key), an invalid file is rejected with located problems and the running config is kept (the
// alert stays firing, the next reload is diffed against it), sampling goes on.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'vigil-reload-'));
let child: ChildProcess | null = null;
after(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Line = Record<string, unknown>;

test('SIGHUP reloads a changed threshold and keeps the running config when the new file is invalid', async () => {
  const file = join(dir, 'config.toml');
  writeFileSync(file, '[thresholds]\nram_warn_percent = 95\nram_critical_percent = 100\n');
  const lines: Line[] = [];
  let raw = '';
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'src/cli/main.ts'), '--headless', '--interval', '0.2', '--config', file],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        LANG: 'C',
        VIGIL_DATA_DIR: join(dir, 'data'),
        VIGIL_LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child = proc;
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => {
    raw += chunk;
    let nl = raw.indexOf('\n');
    while (nl >= 0) {
      const text = raw.slice(0, nl);
      raw = raw.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        lines.push({ event: 'non-json', text });
      }
      nl = raw.indexOf('\n');
    }
  });
  const waitFor = async (pred: (l: Line) => boolean, label: string, from = 0): Promise<number> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const i = lines.findIndex((l, j) => j >= from && pred(l));
      if (i >= 0) return i;
      if (Date.now() > deadline || proc.exitCode !== null)
        assert.fail(
          `no ${label} (exit ${proc.exitCode}); log:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const ev = (name: string) => (l: Line) => l.event === name;

  const started = await waitFor(ev('started'), "'started'");
  assert.equal(lines[started]!.config, file);
  await waitFor(ev('tick'), 'a first tick', started);
  const ramAlert = (event: string) => (l: Line) =>
    l.event === `alert ${event}` && (l.alert as { rule?: string } | undefined)?.rule === 'ram_high';
  assert.equal(lines.findIndex(ramAlert('fired')), -1, 'no ram_high at 95%');

  // 1. A valid change: the new threshold is in force, and ram_high fires (this machine uses >1% RAM).
  writeFileSync(file, '[thresholds]\nram_warn_percent = 1\nram_critical_percent = 100\nram_for_secs = 0\n');
  proc.kill('SIGHUP');
  const reloaded = await waitFor(ev('config reloaded'), "'config reloaded'");
  assert.deepEqual(lines[reloaded]!.changed, {
    'thresholds.ram_warn_percent': 1,
    'thresholds.ram_for_secs': 0,
  });
  const fired = await waitFor(ramAlert('fired'), 'ram_high firing under the new threshold', reloaded);

  // 2. An invalid file: rejected with located problems, the daemon keeps sampling with the
  //    running config (ram_high stays firing over the next ticks).
  writeFileSync(file, '[thresholds]\nram_warn_percent = 420\nram_warm = 1\n');
  proc.kill('SIGHUP');
  const rejected = await waitFor(
    ev('config reload rejected; keeping the running config'),
    'the rejection',
    fired,
  );
  assert.equal(lines[rejected]!.level, 'error');
  const problems = lines[rejected]!.problems as string[];
  assert.equal(problems.length, 2);
  assert.match(
    problems[0]!,
    new RegExp(`^${file}:2:20: thresholds\\.ram_warn_percent: expected a number from 0 to 100, found 420$`),
  );
  assert.match(
    problems[1]!,
    new RegExp(
      `^${file}:3:1: thresholds\\.ram_warm: unknown key; did you mean thresholds\\.ram_warn_percent\\?$`,
    ),
  );
  let cursor = rejected;
  for (let i = 0; i < 3; i++) cursor = await waitFor(ev('tick'), 'ticks after the rejection', cursor + 1);
  assert.equal(lines.findIndex(ramAlert('resolved')), -1, 'still firing: the running config was kept');
  assert.equal(proc.exitCode, null, 'still running');

  // 3. The running config is still the one from step 1: the next reload is diffed against it,
  //    and raising the threshold back resolves the alert.
  writeFileSync(file, '[thresholds]\nram_warn_percent = 95\nram_critical_percent = 100\nram_for_secs = 0\n');
  proc.kill('SIGHUP');
  const again = await waitFor(ev('config reloaded'), 'the second reload', rejected);
  assert.deepEqual(lines[again]!.changed, { 'thresholds.ram_warn_percent': 95 });
  await waitFor(ramAlert('resolved'), 'ram_high resolved under the raised threshold', again);

  proc.kill('SIGTERM');
  const code = await new Promise<number | null>((r) =>
    proc.exitCode !== null ? r(proc.exitCode) : proc.once('exit', (c) => r(c)),
  );
  assert.equal(code, 0);
});
