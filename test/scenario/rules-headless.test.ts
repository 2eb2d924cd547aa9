// The rules inside the real daemon: `vigil --headless --interval 0.2 --config FILE` with a
// lowered max_duplicate_processes; identical processes fire duplicate_processes on the JSON
// stderr log and in the JSON log file (notifications.log_file), then resolve when reaped.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PYTHON, reap, until } from './rules-helpers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-headless-'));
const spawned: ChildProcess[] = [];
after(() => {
  reap(spawned.map((c) => c.pid!).filter(Boolean));
  rmSync(dir, { recursive: true, force: true });
});

test('duplicate_processes reaches the daemon JSON log, names the pids, resolves', {
  timeout: 60_000,
}, async () => {
  const logFile = join(dir, 'vigil.log');
  const config = join(dir, 'config.toml');
  writeFileSync(
    config,
    `[thresholds]\nmax_duplicate_processes = 2\n\n[notifications]\ndesktop = false\nlog_file = "${logFile}"\n`,
  );
  const daemon = spawn(
    process.execPath,
    [
      `${ROOT}src/cli/main.ts`,
      '--headless',
      '--interval',
      '0.2',
      '--config',
      config,
      '--data-dir',
      join(dir, 'data'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LANG: 'C', VIGIL_LOG_LEVEL: 'info' } },
  );
  spawned.push(daemon);
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  daemon.stderr!.setEncoding('utf8');
  daemon.stderr!.on('data', (d: string) => {
    buf += d;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      try {
        lines.push(JSON.parse(buf.slice(0, nl)));
      } catch {
        lines.push({ event: 'non-json', line: buf.slice(0, nl) });
      }
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
  });
  await until('the daemon to start', () => lines.find((l) => l.event === 'started'));

  const script = join(dir, 'mcp_server.py');
  writeFileSync(script, 'import time\nwhile True:\n    time.sleep(1)\n');
  const copies = [0, 1, 2].map(() => spawn(PYTHON, [script], { stdio: 'ignore' }));
  spawned.push(...copies);
  const pids = copies.map((c) => c.pid!).sort((a, b) => a - b);

  type AlertLine = {
    alert: { id: string; rule: string; subject: { pids: number[] }; suggestedCommand: string };
  };
  const fired = (await until('alert fired', () =>
    lines.find(
      (l) =>
        l.event === 'alert fired' &&
        (l as unknown as AlertLine).alert.rule === 'duplicate_processes' &&
        pids.every((p) => (l as unknown as AlertLine).alert.subject.pids.includes(p)),
    ),
  )) as unknown as AlertLine;
  assert.deepEqual(fired.alert.subject.pids, pids);
  assert.equal(fired.alert.suggestedCommand, `kill -TERM ${pids.slice(1).join(' ')}`);

  reap(pids);
  await until('alert resolved', () =>
    lines.find(
      (l) => l.event === 'alert resolved' && (l as unknown as AlertLine).alert.id === fired.alert.id,
    ),
  );
  daemon.kill('SIGTERM');
  await until('the daemon to exit', () => daemon.exitCode ?? undefined, 10_000);
  // The notifier's JSON log file holds the same alert, fired then resolved.
  assert.ok(existsSync(logFile), 'notifications.log_file written');
  const events = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; id: string; rule: string })
    .filter((e) => e.id === fired.alert.id);
  assert.deepEqual(
    events.map((e) => e.event),
    ['fired', 'resolved'],
  );
});
