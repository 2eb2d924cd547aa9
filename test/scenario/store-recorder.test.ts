// The recorder against a real daemon: kill -9 mid-run leaves an intact database; a second
// engine (a `vigil watch` beside the daemon) does not record while the daemon does, and takes
// over once it is gone; `vigil status` shows the alerts the daemon recorded.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { createRecorder } from '../../src/store/recorder.ts';
import { openDatabase } from '../../src/store/sqlite.ts';
import { dbPath, openStore } from '../../src/store/store.ts';
import { exited, runCli, startCli, waitFor } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-recorder-'));
after(() => rmSync(root, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: join(root, 'cfg'), VIGIL_DATA_DIR: '' };

function firingConfig(name: string): string {
  const file = join(root, name);
  writeFileSync(
    file,
    '[thresholds]\nram_warn_percent = 1\nram_critical_percent = 99\nram_for_secs = 0\n[history]\nsnapshot_interval_secs = 1\n',
  );
  return file;
}

/** Fails at once (with its stderr) when a child meant to keep running has exited. */
function running(child: ReturnType<typeof startCli>): true {
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited early:\n${child.err()}`);
  return true;
}

/** Count rows through a short read-only connection (null while the file is not there yet). */
function count(dataDir: string, table: string): number | null {
  try {
    const db = openDatabase(dbPath(dataDir), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

test('kill -9 of the daemon mid-run leaves an intact database with what it wrote', async () => {
  const dataDir = join(root, 'crash');
  const child = startCli(
    ['--headless', '--interval', '0.2', '--data-dir', dataDir, '--config', firingConfig('crash.toml')],
    env,
  );
  try {
    await waitFor(
      () => running(child) && (count(dataDir, 'system_samples') ?? 0) >= 3,
      30_000,
      'three samples',
    );
    await waitFor(() => running(child) && (count(dataDir, 'alerts') ?? 0) >= 1, 30_000, 'an alert recorded');
    child.kill('SIGKILL');
    assert.equal(await exited(child), 'SIGKILL');
  } finally {
    child.kill('SIGKILL');
  }
  const db = openDatabase(dbPath(dataDir));
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const samples = (db.prepare('SELECT COUNT(*) AS n FROM system_samples').get() as { n: number }).n;
    assert.ok(samples >= 3, `samples kept: ${samples}`);
    // The dead daemon still "holds" the row; its pid is gone.
    const row = db.prepare('SELECT pid FROM recorder').get() as { pid: number } | undefined;
    assert.equal(row?.pid, child.pid);
  } finally {
    db.close();
  }
  // The next recorder sees the lock is stale, takes it, and closes what the dead one left firing.
  const store = openStore(dataDir, { log: memoryLogger() });
  assert.equal(store.recorderInfo()?.alive, false);
  assert.deepEqual(store.activeDaemonAlerts(), []);
  assert.equal(store.acquireRecorder('daemon'), true);
  assert.ok(store.alertsSince(0).every((a) => a.endReason === 'recorder_stopped'));
  store.releaseRecorder();
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
});

test('beside a recording daemon: status shows its alerts, a TUI engine reads only, then takes over', async () => {
  const dataDir = join(root, 'shared');
  const daemon = startCli(
    ['--headless', '--interval', '0.2', '--data-dir', dataDir, '--config', firingConfig('daemon.toml')],
    env,
  );
  const log = memoryLogger();
  const config = defaultConfig();
  config.history.snapshot_interval_secs = 0;
  const engine = buildEngine({ config, role: 'tui', log });
  const recorder = createRecorder(
    { config, dataDir, log, role: 'tui', env: {} },
    { lockRetryMs: 100, defer: (fn) => fn() },
  );
  try {
    await waitFor(
      () => running(daemon) && (count(dataDir, 'alerts') ?? 0) >= 1,
      30_000,
      'the daemon records an alert',
    );
    const daemonAlerts = openStore(dataDir, { readonly: true, log: memoryLogger() });
    const ids = daemonAlerts.activeDaemonAlerts().map((a) => a.id);
    daemonAlerts.close();
    assert.ok(ids.length >= 1);

    // `vigil status` with a quiet config: its own rules find no ram_high, the daemon's is shown.
    const st = runCli(['status', '--json', '--top', '1', '--data-dir', dataDir], env);
    assert.equal(st.code, 0, st.stderr);
    const shown = (JSON.parse(st.stdout) as { alerts: { id: string; rule: string }[] }).alerts;
    for (const id of ids)
      assert.equal(shown.filter((a) => a.id === id).length, 1, `daemon alert ${id} shown once`);

    await recorder.start(engine);
    assert.equal(recorder.isRecording(), false, 'the daemon holds the lock');
    const before = count(dataDir, 'system_samples') ?? 0;
    await engine.tick();
    await engine.tick();
    assert.equal(recorder.isRecording(), false);
    assert.ok(log.lines.some((l) => l.event === 'another Vigil records history; reading it only'));
    // Reading works while not recording.
    assert.ok(recorder.store.systemSeries(0).length >= before);

    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon), 0, daemon.err());
    const afterDaemon = count(dataDir, 'system_samples') ?? 0;
    const deadline = Date.now() + 15_000;
    while (!recorder.isRecording()) {
      assert.ok(Date.now() < deadline, 'the TUI takes over recording');
      await engine.tick();
      await new Promise((r) => setTimeout(r, 50));
    }
    await engine.tick();
    await waitFor(
      () => (count(dataDir, 'system_samples') ?? 0) > afterDaemon,
      10_000,
      'the TUI writes samples',
    );
    const owner = recorder.store.recorderInfo();
    assert.equal(owner?.pid, process.pid);
    assert.equal(owner?.role, 'tui');
  } finally {
    daemon.kill('SIGKILL');
    await engine.stop();
    await recorder.stop();
  }
  const check = openStore(dataDir, { readonly: true, log: memoryLogger() });
  assert.equal(check.recorderInfo(), null, 'the lock is released at stop');
  check.close();
});
