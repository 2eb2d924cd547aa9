// The incident recorder against real processes: a daemon watches, a node host starts a storm of
// identical `python3 mcp_server.py` servers (real memory each), ghost_process_storm fires, then
// every one of them is killed. Afterwards, `vigil status --at <fired time> --json` and
// `--at <alert id>` show the machine as it was: the servers, their command lines (as stored) and
// the alert firing — while the live `vigil status` no longer has any of them.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Alert, ProcessSnapshot } from '../../src/core/types.ts';
import { openDatabase } from '../../src/store/sqlite.ts';
import { dbPath } from '../../src/store/store.ts';
import { exited, runCli, startCli, waitFor } from '../helpers/cli.ts';
import { reap, startStorm, stormScripts } from './rules-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-storm-'));
const dataDir = join(dir, 'data');
const config = join(dir, 'config.toml');
const scripts = stormScripts(dir);
writeFileSync(
  config,
  '[history]\nsnapshot_interval_secs = 1\nincident_before_secs = 10\nincident_after_secs = 3\n',
);
const env = { XDG_CONFIG_HOME: join(dir, 'cfg'), VIGIL_DATA_DIR: '' };
const spawned = new Set<number>();
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.pid) spawned.add(c.pid);
  reap(spawned);
  rmSync(dir, { recursive: true, force: true });
});

/** One read-only query on the daemon's file (null until it exists). */
function query<T>(sql: string): T | null {
  try {
    const db = openDatabase(dbPath(dataDir), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).get() as T;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

interface StatusJson {
  time: string;
  processes: ProcessSnapshot[];
  alerts: Alert[];
  replay?: { time: string; source: string; resolutionSecs: number | null };
}

function statusAt(at: string): StatusJson {
  const r = runCli(['status', '--at', at, '--json', '--data-dir', dataDir, '--config', config], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StatusJson;
}

test('a storm fires, everything is killed: status --at the firing and --at the alert id show it', {
  timeout: 120_000,
}, async () => {
  const daemon = startCli(
    ['--headless', '--interval', '0.5', '--data-dir', dataDir, '--config', config],
    env,
  );
  children.push(daemon);
  try {
    await waitFor(
      () => (query<{ n: number }>('SELECT COUNT(*) AS n FROM frames')?.n ?? 0) >= 2,
      30_000,
      'frames',
    );
    const count = 7;
    // Together 6.5 % of RAM: past the storm's RSS minimum (5 % of RAM, or less).
    const mb = Math.ceil(((totalmem() / 2 ** 20) * 0.065) / count);
    const { child, pids } = await startStorm(scripts, count, mb, ['--token=s3cr3t-value']);
    children.push(child);
    for (const p of pids) spawned.add(p);
    // This storm's alert (another storm on a shared machine is another alert): it names our pids.
    const fired = await waitFor(
      () =>
        query<{ id: string; fired_at: number; subject: string }>(
          `SELECT id, fired_at, subject FROM alerts WHERE rule = 'ghost_process_storm'
             AND EXISTS (SELECT 1 FROM json_each(subject, '$.pids') WHERE value = ${pids[0]})
           ORDER BY fired_at LIMIT 1`,
        ),
      60_000,
      'ghost_process_storm recorded by the daemon',
    );
    // Everything is killed: the host and every server.
    reap([child.pid!, ...pids]);
    await waitFor(
      () =>
        query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM alerts WHERE id = '${fired.id}' AND resolved_at IS NOT NULL`,
        )?.n,
      30_000,
      'the storm resolved once its processes are gone',
    );
    await waitFor(
      () =>
        query<{ n: number }>(
          "SELECT COUNT(*) AS n FROM frame_chains WHERE kind = 'incident' AND ended_at IS NOT NULL",
        )?.n,
      30_000,
      'the incident written to its end',
    );

    const live = runCli(['status', '--json', '--data-dir', dataDir, '--config', config], env);
    assert.equal(live.code, 0, live.stderr);
    const now = JSON.parse(live.stdout) as StatusJson;
    assert.ok(!now.processes.some((p) => pids.includes(p.pid)), 'none of them runs any more');

    const firedIso = new Date(fired.fired_at).toISOString();
    const byTime = statusAt(firedIso);
    const byId = statusAt(fired.id);
    for (const [how, s] of [
      ['fired time', byTime],
      ['alert id', byId],
    ] as const) {
      assert.equal(s.time, firedIso, `${how}: the frame of the firing tick`);
      assert.equal(s.replay?.source, 'incident', how);
      assert.equal(s.replay?.resolutionSecs, 0.5, `${how}: CPU % over one tick`);
      const storm = s.processes.filter((p) => pids.includes(p.pid));
      assert.deepEqual(
        storm.map((p) => p.pid),
        pids,
        `${how}: every server of the storm`,
      );
      for (const p of storm) {
        assert.match(p.cmdline, /mcp_server\.py \d+ --token=\[REDACTED\]$/, 'as stored: redacted');
        assert.equal(p.name.startsWith('python'), true);
        assert.ok(p.rssBytes > 0 && p.cpuPercent !== null);
      }
      const alert = s.alerts.find((a) => a.id === fired.id);
      assert.ok(alert, `${how}: the storm alert firing then`);
      assert.equal(alert.state, 'firing');
      assert.equal(alert.rule, 'ghost_process_storm');
      assert.ok(alert.subject.pids.every((p) => pids.includes(p)));
      // The keys of the live JSON are all there (same shape), plus `replay`; what only a live look
      // has is not part of a recorded frame: `host` (static facts read live from systeminformation)
      // and `oneShot` (what one look cannot judge).
      const liveOnly = ['host', 'oneShot'];
      assert.deepEqual(
        Object.keys(s).filter((k) => k !== 'replay'),
        Object.keys(now).filter((k) => !liveOnly.includes(k)),
      );
    }
    // The text form says it is a replay, at the firing's local time.
    const text = runCli(
      ['status', '--at', fired.id, '--top', '3', '--data-dir', dataDir, '--config', config],
      env,
    );
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^REPLAY \d{4}-\d\d-\d\d \d\d:\d\d:\d\d — recorded by Vigil \(incident, every tick/,
    );
    assert.match(text.stdout, /ghost_process_storm/);
  } finally {
    daemon.kill('SIGTERM');
    await exited(daemon);
  }
});
