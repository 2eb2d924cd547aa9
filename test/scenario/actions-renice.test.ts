// A renice from the TUI (its F7 / F8 port) is in the action ledger like a kill: a row in a real
// vigil.db with SPEC §5's outcome word (`sent` for a change made, `refused` for the policy's no),
// in the JSON log, and listed by `vigil report` (terminal and --json).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { readPidStat } from '../../src/proc/read.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli, until } from '../helpers/cli.ts';
import { portsOn } from '../helpers/ports.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-renice-ledger-'));
const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
after(() => {
  sleeper.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('F8 and a refused F8 on PID 1 from the TUI are ledger rows that `vigil report` lists', async () => {
  const config = defaultConfig({ LANG: 'C' });
  config.notifications.log_file = join(dir, 'vigil.log');
  const ports = portsOn(dir, config);
  const pid = sleeper.pid!;
  const target = (p: number) => ({
    pid: p,
    startTicks: readPidStat({ proc: '/proc' }, p)!.startTicks,
    name: 'sleep',
    cmdline: 'sleep 120',
    user: 'root',
    rssBytes: 0,
  });
  try {
    const done = await ports.renice!(target(pid), 1);
    assert.ok(done.ok, done.reason);
    assert.equal(done.reason, `nice 0 → 1 (PID ${pid}, every thread)`);
    const refused = await ports.renice!(target(1), 1);
    assert.equal(refused.outcome, 'refused');
  } finally {
    ports.close?.();
  }
  const store = openStore(dir, { readonly: true });
  let rows: ReturnType<typeof store.actionsSince>;
  try {
    rows = store.actionsSince(0).filter((r) => r.type === 'renice');
  } finally {
    store.close();
  }
  assert.equal(rows.length, 2, JSON.stringify(rows));
  const [ok, no] = [rows.find((r) => r.pid === pid)!, rows.find((r) => r.pid === 1)!];
  assert.deepEqual(
    { source: ok.source, outcome: ok.outcome, signal: ok.signal, name: ok.name, reason: ok.reason },
    {
      source: 'tui',
      outcome: 'sent',
      signal: 'nice +1',
      name: 'sleep',
      reason: `nice 0 → 1 (PID ${pid}, every thread)`,
    },
  );
  assert.equal(no.outcome, 'refused');
  assert.match(no.reason!, /PID 1/);
  // The JSON log has both decisions (its writer appends in the background).
  const file = join(dir, 'vigil.log');
  assert.ok(
    await until(() => existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 2),
    'the JSON log',
  );
  const log = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    log.filter((e) => e.action?.type === 'renice').map((e) => [e.action.target, e.action.outcome]),
    [
      [pid, 'sent'],
      [1, 'refused'],
    ],
  );
  const text = runCli(['report', '--data-dir', dir, '--since', '1h'], { LANG: 'C' });
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    new RegExp(
      `tui +renice pid ${pid} \\(sleep\\) nice \\+1 → sent: nice 0 → 1 \\(PID ${pid}, every thread\\)`,
    ),
  );
  assert.match(text.stdout, /tui +renice pid 1 nice \+1 → refused: PID 1 \(init\)/);
  const json = JSON.parse(
    runCli(['report', '--data-dir', dir, '--since', '1h', '--json'], { LANG: 'C' }).stdout,
  );
  assert.equal(json.actions.filter((a: { type: string }) => a.type === 'renice').length, 2);
});
