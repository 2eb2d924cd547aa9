// A one-shot `vigil status` without a daemon (issue: "No active alerts" for 12 leaked servers, 8
// identical sleepers and 3 zombies): real processes, the real CLI, the real /proc. Then detached
// servers (each its own session) placed in fake units: a user's scope makes them leftovers, a
// service makes them managed; and a daemon's memory lets status judge them without any unit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Alert, Snapshot } from '../../src/core/types.ts';
import type { OneShotReport } from '../../src/host/status-look.ts';
import { readPidStat } from '../../src/proc/read.ts';
import { stormMinRssBytes } from '../../src/rules/ghost_process_storm.ts';
import { runCli, startCli, waitFor } from '../helpers/cli.ts';
import { createRig, memTotalBytes } from './detect-helpers.ts';

const rig = createRig('detect-status');
const data = mkdtempSync(join(tmpdir(), 'vigil-detect-status-data-'));
after(async () => {
  await rig.cleanup();
  rmSync(data, { recursive: true, force: true });
});

type StatusJson = Snapshot & { oneShot: OneShotReport };
const MiB = 1024 * 1024;

function status(args: string[] = [], dataDir = data): { json: StatusJson; code: number | null } {
  const r = runCli(['status', '--json', ...args], { VIGIL_DATA_DIR: dataDir, LANG: 'C' });
  assert.ok(r.code === 0 || args.includes('--check'), r.stderr);
  return { json: JSON.parse(r.stdout) as StatusJson, code: r.code };
}

const about = (alerts: Alert[], pids: readonly number[], rule: string) =>
  alerts.find((a) => a.rule === rule && a.subject.pids.some((p) => pids.includes(p)));

/** Servers sized so that `n` of them pass the storm's RSS minimum on this machine. */
function serverMb(n: number, totalBytes: number): number {
  return Math.ceil((stormMinRssBytes(defaultConfig({}).thresholds, totalBytes) * 1.3) / MiB / n);
}

test('status alone reports the leaked servers, the identical sleepers and a busy orphan; lists the zombies', {
  timeout: 90_000,
}, async () => {
  const total = memTotalBytes();
  // Not detached: the servers stay in the session of this test; their node exits.
  const storm = await rig.storm({ n: 12, mb: serverMb(12, total), detached: false, exitAfterMs: 500 });
  const [shell, ...sleepers] = await rig.sleepers(8, 600);
  const [parent, ...zombies] = await rig.zombies(3);
  const orphan = await rig.busyOrphan(30);
  await waitFor(() => storm.pids.every((p) => readPpid(p) === 1), 10_000, 'the servers to be reparented');
  const { json } = status();
  const s = about(json.alerts, storm.pids, 'ghost_process_storm');
  assert.ok(s, `storm: ${JSON.stringify(json.alerts.map((a) => a.message))}`);
  assert.deepEqual(s.subject.pids, storm.pids, 'every leaked server, and only them');
  assert.equal(s.severity, 'high');
  assert.equal(s.suggestedCommand, `kill -TERM ${storm.pids.join(' ')}`);
  const d = about(json.alerts, sleepers, 'duplicate_processes');
  assert.ok(d, 'the identical sleepers');
  assert.deepEqual(
    d.subject.pids,
    [...sleepers].sort((a, b) => a - b),
  );
  assert.ok(!d.subject.pids.includes(shell!), 'not their shell');
  assert.ok(about(json.alerts, [orphan], 'orphan_cpu'), 'the busy orphan, over the one-second window');
  // Zombies: listed with their parent; the zombie rule's duration needs a daemon.
  assert.deepEqual(
    json.oneShot.zombies.filter((z) => zombies.includes(z.pid)).map((z) => [z.pid, z.ppid, z.parent]),
    zombies.map((z) => [z, parent, 'python3']),
  );
  assert.ok(!json.alerts.some((a) => a.rule === 'zombie' && a.subject.pids.includes(parent!)));
  assert.ok(json.oneShot.needsDaemon.includes('zombie') && json.oneShot.needsDaemon.includes('memory_leak'));
  assert.equal(json.oneShot.daemon, null);
  // The human view says the same, and --check uses the same verdicts (a high alert: 2).
  const text = runCli(['status', '--top', '0'], { VIGIL_DATA_DIR: data, LANG: 'C' }).stdout;
  assert.match(text, /HIGH\s+ghost_process_storm: 12 identical processes/);
  assert.match(text, /Zombies \(state Z\), \d+: /);
  assert.match(
    text,
    /Judged over time by a running daemon only \(none runs here\): ram_high, load_high, zombie/,
  );
  assert.equal(runCli(['status', '--check'], { VIGIL_DATA_DIR: data, LANG: 'C' }).code, 2);
});

test('detached servers under init: a user’s scope makes them leftovers, a service unit makes them managed', {
  timeout: 90_000,
}, async () => {
  const total = memTotalBytes();
  const mb = serverMb(8, total);
  const userStorm = await rig.storm({ n: 8, mb, detached: true, exitAfterMs: 300, tag: 'user' });
  const serviceStorm = await rig.storm({ n: 8, mb, detached: true, exitAfterMs: 300, tag: 'service' });
  await waitFor(
    () => [...userStorm.pids, ...serviceStorm.pids].every((p) => readPpid(p) === 1),
    10_000,
    'the servers to be reparented',
  );
  // Each leads its own session, under init, no unit information: lineage alone says "a service".
  const before = status().json;
  assert.equal(about(before.alerts, userStorm.pids, 'ghost_process_storm'), undefined);
  rig.unit('user', `vigil-t${process.pid}`).add(userStorm.pids);
  rig.unit('service', `vigil-t${process.pid}`).add(serviceStorm.pids);
  const { json } = status();
  const s = about(json.alerts, userStorm.pids, 'ghost_process_storm');
  assert.ok(s, `a user's leftovers: ${JSON.stringify(json.alerts.map((a) => a.message))}`);
  assert.deepEqual(s.subject.pids, userStorm.pids);
  const cg = json.processes.find((p) => p.pid === userStorm.pids[0])?.cgroup;
  assert.equal(cg, `/user.slice/user-0.slice/app-vigil-t${process.pid}.scope`);
  for (const rule of ['ghost_process_storm', 'duplicate_processes'])
    assert.equal(about(json.alerts, serviceStorm.pids, rule), undefined, `service: no ${rule}`);
});

test('what a daemon remembers: detached servers whose node it saw are a storm for status, with no unit', {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-memory-'));
  const config = join(dir, 'config.toml');
  // Saved every second; desktop off; the daemon only watches (observe).
  writeFileSync(
    config,
    `[history]\nsnapshot_interval_secs = 1\n[notifications]\ndesktop = false\nlog_file = "${join(dir, 'vigil.log')}"\n`,
  );
  const daemon = startCli(['--headless', '--interval', '0.5', '--config', config, '--data-dir', dir], {
    VIGIL_LOG_LEVEL: 'info',
  });
  rig.pids.add(daemon.pid!);
  try {
    await waitFor(() => daemon.err().includes('"started"'), 20_000, 'the daemon');
    const total = memTotalBytes();
    // The host lives 3 s: the daemon sees the servers under node, then node exits.
    const storm = await rig.storm({
      n: 8,
      mb: serverMb(8, total),
      detached: true,
      exitAfterMs: 3000,
      tag: 'mem',
    });
    await waitFor(() => storm.pids.every((p) => readPpid(p) === 1), 15_000, 'node to exit');
    await waitFor(() => daemon.err().includes('ghost_process_storm'), 30_000, 'the daemon’s storm');
    daemon.kill('SIGTERM');
    await waitFor(() => daemon.exitCode !== null || null, 10_000, 'the daemon to stop');
    // No daemon any more, no unit: status judges with the memory the daemon saved.
    const { json } = status([], dir);
    assert.equal(json.oneShot.daemon, null);
    const s = about(json.alerts, storm.pids, 'ghost_process_storm');
    assert.ok(s, `from the daemon's memory: ${JSON.stringify(json.alerts.map((a) => a.message))}`);
    assert.deepEqual(s.subject.pids, storm.pids);
    assert.match(s.message, /started by node \(pid \d+, exited\) — probably MCP servers/);
  } finally {
    daemon.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

const readPpid = (pid: number) => readPidStat({ proc: '/proc' }, pid)?.ppid ?? null;
