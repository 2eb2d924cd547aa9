// The history store on real SQLite files in temp dirs: migrations, writes and queries, the
// recorder lock against real processes, corrupt files, retention and downsampling.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Alert, AlertEvent, ProcessSnapshot, Snapshot } from '../../src/core/types.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { startTicksOf } from '../../src/proc/read.ts';
import { withDaemonAlerts } from '../../src/store/merge.ts';
import { openForWriting, WRITER_CACHE_KIB } from '../../src/store/open.ts';
import { createRecorder } from '../../src/store/recorder.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.ts';
import { openDatabase } from '../../src/store/sqlite.ts';
import { dbPath, openStore, selectProcesses } from '../../src/store/store.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Frozen copy of schema version 1 as it shipped: the "previous schema" to migrate from. */
const SCHEMA_V1 = `
  CREATE TABLE system_samples (time INTEGER NOT NULL, resolution_secs INTEGER NOT NULL, cpu_percent REAL,
    cpu_percent_max REAL, load1 REAL, load5 REAL, load15 REAL, mem_total INTEGER, mem_used INTEGER,
    mem_used_max INTEGER, mem_available INTEGER, swap_total INTEGER, swap_used INTEGER, psi_some10 REAL,
    disk_min_free_percent REAL, net_rx_bps REAL, net_tx_bps REAL, cpu_temp REAL, gpu_temp REAL, gpu_util REAL,
    process_count INTEGER);
  CREATE INDEX system_samples_time ON system_samples(time);
  CREATE TABLE processes (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, start_time TEXT NOT NULL,
    name TEXT NOT NULL, cmdline TEXT NOT NULL, user TEXT NOT NULL, first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL, UNIQUE (pid, start_time));
  CREATE TABLE process_samples (process_id INTEGER NOT NULL, time INTEGER NOT NULL,
    resolution_secs INTEGER NOT NULL, cpu_percent REAL, rss_bytes INTEGER NOT NULL, threads INTEGER,
    fds INTEGER, PRIMARY KEY (process_id, time)) WITHOUT ROWID;
  CREATE INDEX process_samples_time ON process_samples(time);
  CREATE TABLE alerts (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, subject TEXT NOT NULL, suggested_command TEXT, since TEXT NOT NULL,
    fired_at INTEGER NOT NULL, resolved_at INTEGER, end_reason TEXT, recorder_pid INTEGER, details TEXT);
  CREATE INDEX alerts_id ON alerts(id);
  CREATE INDEX alerts_fired ON alerts(fired_at);
  CREATE TABLE actions (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL,
    pid INTEGER, start_time TEXT, name TEXT, cmdline TEXT, signal TEXT, mode TEXT, outcome TEXT NOT NULL,
    reason TEXT, alert_id TEXT, details TEXT);
  CREATE INDEX actions_time ON actions(time);
  CREATE TABLE ai_calls (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, purpose TEXT NOT NULL, model TEXT NOT NULL,
    alert_id TEXT, pid INTEGER, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
    latency_ms REAL NOT NULL, outcome TEXT NOT NULL, error TEXT);
  CREATE INDEX ai_calls_time ON ai_calls(time);
  PRAGMA user_version = 1;
`;

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

function proc(
  pid: number,
  rss: number,
  cpu: number | null,
  extra: Partial<ProcessSnapshot> = {},
): ProcessSnapshot {
  return {
    pid,
    ppid: 1,
    pgid: pid,
    uid: 1000,
    user: 'dev',
    name: `p${pid}`,
    cmdline: `/usr/bin/p${pid} --serve`,
    state: 'S',
    cpuPercent: cpu,
    rssBytes: rss,
    threads: 2,
    fds: 10,
    startTime: new Date(T0 - 3_600_000 + pid).toISOString(),
    ageSeconds: 3600,
    startTicks: 1000 + pid,
    sid: pid,
    ttyNr: 0,
    kernelThread: false,
    ...extra,
  };
}

function snapshot(time: number, processes: ProcessSnapshot[], alerts: Alert[] = [], cpu = 20): Snapshot {
  return {
    version: 'test',
    time: new Date(time).toISOString(),
    hostname: 'box',
    uptimeSeconds: 100,
    cpu: {
      cores: 2,
      usagePercent: cpu,
      perCore: [cpu, cpu],
      load1: 0.5,
      load5: 0.4,
      load15: 0.3,
      frequencyMhz: null,
      temperatureC: null,
    },
    memory: {
      totalBytes: 1000,
      usedBytes: 400,
      availableBytes: 600,
      cachedBytes: 0,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      pressure: null,
    },
    gpus: [],
    disks: [],
    network: [],
    processes,
    alerts,
  };
}

function alert(id: string, pids: number[], state: 'firing' | 'resolved' = 'firing'): Alert {
  return {
    id,
    rule: 'memory_leak',
    severity: 'medium',
    state,
    since: new Date(T0).toISOString(),
    message: `leak in ${pids.join(',')}`,
    subject: { pids },
    suggestedCommand: `kill ${pids.join(' ')}`,
  };
}

const fired = (a: Alert, time: number): AlertEvent => ({ event: 'fired', alert: a, time });
const resolved = (a: Alert, time: number): AlertEvent => ({
  event: 'resolved',
  alert: { ...a, state: 'resolved' },
  time,
});

test('a new file is created at the current schema, in WAL mode', () => {
  const dir = join(tempDir(), 'nested', 'data');
  const store = openStore(dir, { log: memoryLogger() });
  const st = store.status();
  assert.equal(st.available, true);
  assert.equal(st.schemaVersion, SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  store.close();
  const db = openDatabase(dbPath(dir), { readonly: true });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  db.close();
  // The writer keeps a small page cache (it appends; docs/performance.md, "Memory").
  const writer = openForWriting(dir, dbPath(dir)).handle;
  assert.equal(writer.pragma('cache_size', { simple: true }), -WRITER_CACHE_KIB);
  writer.close();
});

test('an empty (0-byte) file is migrated from scratch', () => {
  const dir = tempDir();
  writeFileSync(dbPath(dir), '');
  const store = openStore(dir, { log: memoryLogger() });
  assert.equal(store.status().schemaVersion, SCHEMA_VERSION);
  assert.equal(
    store.recordAction({ type: 'kill_process', source: 'cli', outcome: 'refused', reason: 'pid 1' }),
    true,
  );
  assert.equal(store.actionsSince(0).length, 1);
  store.close();
});

test('a version 1 database is migrated and keeps its rows', () => {
  const dir = tempDir();
  const db = openDatabase(dbPath(dir));
  db.exec(SCHEMA_V1);
  db.prepare(
    `INSERT INTO ai_calls (time, purpose, model, input_tokens, output_tokens, latency_ms, outcome)
     VALUES (?, 'alert', 'claude-x', 100, 20, 850, 'ok')`,
  ).run(T0);
  db.prepare(
    `INSERT INTO alerts (id, rule, severity, message, subject, since, fired_at) VALUES ('a1', 'zombie', 'medium', 'z', '{"pids":[5]}', ?, ?)`,
  ).run(new Date(T0).toISOString(), T0);
  db.close();

  const log = memoryLogger();
  const store = openStore(dir, { log });
  assert.equal(store.status().schemaVersion, SCHEMA_VERSION);
  const calls = store.aiCallsSince(0);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.inputTokens, 100);
  assert.equal(calls[0]!.costUsd, undefined);
  assert.deepEqual(
    store.alertsSince(0).map((a) => a.id),
    ['a1'],
  );
  // Version 2 additions work on the migrated file.
  assert.equal(store.saveBaseline('analyzer', { version: 1, metrics: {} }), true);
  assert.deepEqual(store.loadBaseline('analyzer'), { version: 1, metrics: {} });
  assert.equal(
    store.recordAiCall({
      purpose: 'explain',
      model: 'm',
      inputTokens: 1,
      outputTokens: 2,
      latencyMs: 3,
      outcome: 'ok',
      costUsd: 0.5,
    }),
    true,
  );
  assert.equal(store.acquireRecorder('daemon'), true);
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
});

test('action rows written before SPEC §5 words (done) read back as sent; secrets are not stored', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  store.recordAction({
    type: 'signal',
    source: 'cli',
    outcome: 'exited',
    cmdline: 'app --password=hunter2-stored',
    reason: 'allowed',
    details: { note: 'DB_PASSWORD=hunter3-stored' },
  });
  store.close();
  const db = openDatabase(dbPath(dir));
  db.prepare("INSERT INTO actions (time, type, source, outcome) VALUES (?, 'signal', 'cli', 'done')").run(T0);
  const raw = JSON.stringify(db.prepare('SELECT * FROM actions').all());
  db.close();
  assert.doesNotMatch(raw, /hunter[23]-stored/);
  const again = openStore(dir, { log: memoryLogger(), readonly: true });
  assert.deepEqual(
    again.actionsSince(0).map((a) => a.outcome),
    ['sent', 'exited'],
  );
  again.close();
});

test('a schema newer than this Vigil is left alone and reported', () => {
  const dir = tempDir();
  const db = openDatabase(dbPath(dir));
  db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
  db.close();
  const store = openStore(dir, { log: memoryLogger() });
  const st = store.status();
  assert.equal(st.available, false);
  assert.match(st.reason ?? '', /newer than this Vigil/);
  assert.equal(store.recordAction({ type: 'x', source: 'cli', outcome: 'sent' }), false);
  store.close();
  assert.ok(existsSync(dbPath(dir)), 'the newer file is not moved or deleted');
});

test('snapshots keep the top consumers and every process an alert names', () => {
  const procs = Array.from({ length: 40 }, (_, i) => proc(100 + i, (i + 1) * 1_000_000, i));
  const named = proc(999, 10, 0); // tiny: only an alert makes it kept
  const a = alert('leak-999', [999]);
  const s = snapshot(T0, [...procs, named], [a]);
  const kept = selectProcesses(s, 5).map((p) => p.pid);
  assert.ok(kept.includes(999));
  assert.ok(kept.includes(139)); // biggest RSS and busiest CPU
  assert.ok(!kept.includes(100));
  assert.equal(kept.length, 6);

  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  assert.equal(store.recordSnapshot(s, { topN: 5 }), true);
  assert.equal(store.recordSnapshot(snapshot(T0 + 60_000, [{ ...named, rssBytes: 20 }], [a])), true);
  const hist = store.processHistory(999, named.startTime);
  assert.deepEqual(
    hist.map((h) => [h.time, h.rssBytes]),
    [
      [T0, 10],
      [T0 + 60_000, 20],
    ],
  );
  // Same pid, other start time: another process (PID reuse).
  assert.deepEqual(store.processHistory(999, new Date(T0).toISOString()), []);
  const series = store.systemSeries(0);
  assert.equal(series.length, 2);
  assert.equal(series[0]!.cpuPercent, 20);
  assert.equal(series[0]!.memUsedBytes, 400);
  assert.equal(store.topOffenders('rss', 0)[0]!.pid, 139);
  store.close();
});

test('alert occurrences: fired, refired, resolved; alertsSince windows', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  const a = alert('zombie:42', [42]);
  store.recordAlertEvent(fired(a, T0), process.pid);
  store.recordAlertEvent(fired({ ...a, message: 'updated' }, T0 + 1000), process.pid); // still the same occurrence
  store.recordAlertEvent(resolved(a, T0 + 60_000), process.pid);
  store.recordAlertEvent(fired(a, T0 + 120_000), process.pid);
  const all = store.alertsSince(0);
  assert.equal(all.length, 2);
  assert.equal(all[0]!.firedAt, T0 + 120_000);
  assert.equal(all[0]!.state, 'firing');
  assert.equal(all[1]!.message, 'updated');
  assert.equal(all[1]!.resolvedAt, T0 + 60_000);
  assert.equal(all[1]!.endReason, 'resolved');
  // A window after the first occurrence ended only sees the second.
  assert.deepEqual(
    store.alertsSince(T0 + 90_000).map((x) => x.firedAt),
    [T0 + 120_000],
  );
  store.close();
});

test('actions and AI calls round-trip; aiUsageToday sums today only', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  const now = Date.now();
  store.recordAction({
    type: 'kill_process',
    source: 'auto',
    pid: 4242,
    name: 'evil\u001b]0;pwned\u0007',
    signal: 'SIGTERM',
    outcome: 'refused',
    reason: 'protected',
    alertId: 'x',
  });
  store.recordAiCall({
    time: now,
    purpose: 'alert',
    model: 'm',
    inputTokens: 1000,
    outputTokens: 200,
    latencyMs: 900,
    outcome: 'ok',
    costUsd: 0.01,
  });
  store.recordAiCall({
    time: now,
    purpose: 'explain',
    model: 'm',
    inputTokens: 500,
    outputTokens: 100,
    latencyMs: 30000,
    outcome: 'timeout',
    costUsd: 0,
  });
  store.recordAiCall({
    time: now - 3 * 86_400_000,
    purpose: 'alert',
    model: 'm',
    inputTokens: 9,
    outputTokens: 9,
    latencyMs: 1,
    outcome: 'ok',
    costUsd: 5,
  });
  const act = store.actionsSince(0);
  assert.equal(act.length, 1);
  assert.equal(act[0]!.name, 'evil');
  assert.equal(act[0]!.outcome, 'refused');
  const usage = store.aiUsageToday(now);
  assert.equal(usage.calls, 2);
  assert.equal(usage.inputTokens, 1500);
  assert.equal(usage.outputTokens, 300);
  assert.ok(Math.abs(usage.costUsd - 0.01) < 1e-9);
  store.close();
});

test('one recorder at a time: a live holder keeps the lock, a dead one loses it', async () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  // A real other process holds the lock (its pid and start time are written into the row).
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const childStart = startTicksOf({ proc: '/proc' }, child.pid!);
    assert.notEqual(childStart, null);
    const db = openDatabase(dbPath(dir));
    db.prepare(
      `INSERT INTO recorder (id, pid, pid_start, role, hostname, started_at, heartbeat_at) VALUES (1, ?, ?, 'daemon', ?, ?, ?)`,
    ).run(child.pid, childStart, hostname(), T0, T0);
    db.prepare(
      `INSERT INTO alerts (id, rule, severity, message, subject, since, fired_at, recorder_pid)
       VALUES ('ram', 'ram_high', 'high', 'RAM high', '{"pids":[]}', ?, ?, ?)`,
    ).run(new Date(T0).toISOString(), T0, child.pid);
    db.close();

    assert.equal(store.acquireRecorder('tui'), false);
    const info = store.recorderInfo();
    assert.equal(info?.pid, child.pid);
    assert.equal(info?.alive, true);
    // status shows the daemon's alert, de-duplicated against its own.
    const mine: Alert = { ...alert('ram', []), rule: 'ram_high' };
    assert.deepEqual(
      withDaemonAlerts([], dir).map((a) => a.id),
      ['ram'],
    );
    assert.equal(withDaemonAlerts([mine], dir).length, 1);
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  // The holder is gone: its alerts are no longer active, and the lock can be taken.
  assert.deepEqual(store.activeDaemonAlerts(), []);
  assert.equal(store.recorderInfo()?.alive, false);
  assert.equal(store.acquireRecorder('tui'), true);
  assert.equal(store.recorderInfo()?.pid, process.pid);
  const ended = store.alertsSince(0);
  assert.equal(ended[0]!.endReason, 'recorder_stopped');
  store.releaseRecorder();
  assert.equal(store.recorderInfo(), null);
  store.close();
});

test('a recorder row naming a reused pid (other start time) is stale', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  const db = openDatabase(dbPath(dir));
  // Our own parent is alive, but with this start time it would be another process.
  db.prepare(
    `INSERT INTO recorder (id, pid, pid_start, role, hostname, started_at, heartbeat_at) VALUES (1, ?, 1, 'daemon', ?, 0, 0)`,
  ).run(process.ppid, hostname());
  db.close();
  assert.equal(store.recorderInfo()?.alive, false);
  assert.equal(store.acquireRecorder('daemon'), true);
  store.close();
});

test('a corrupt file is moved aside with a warning and a new database created', () => {
  const dir = tempDir();
  writeFileSync(dbPath(dir), Buffer.alloc(64 * 1024, 'not a database, just garbage bytes '));
  const log = memoryLogger();
  const store = openStore(dir, { log });
  assert.equal(store.status().available, true);
  assert.equal(store.recordAction({ type: 'x', source: 'cli', outcome: 'sent' }), true);
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
  const aside = readdirSync(dir).filter((f) => f.startsWith('vigil.db.corrupt-'));
  assert.equal(aside.length, 1);
  const warn = log.lines.find((l) => l.level === 'warn' && /corrupt/.test(String(l.event)));
  assert.ok(warn, 'a warning names the corrupt file');
  assert.match(String(warn.movedTo), /vigil\.db\.corrupt-/);
});

test('a corrupt file is only reported by a read-only opener', () => {
  const dir = tempDir();
  writeFileSync(dbPath(dir), Buffer.alloc(8192, 'garbage'));
  const store = openStore(dir, { readonly: true, log: memoryLogger() });
  assert.equal(store.status().available, false);
  assert.match(store.status().reason ?? '', /corrupt|not a database/i);
  assert.deepEqual(store.alertsSince(0), []);
  store.close();
  assert.ok(existsSync(dbPath(dir)));
  assert.equal(readdirSync(dir).filter((f) => f.includes('corrupt-')).length, 0);
});

test('retention deletes old rows and downsamples samples older than 24 h', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  const HOUR = 3_600_000;
  const start = T0 - 48 * HOUR;
  const p = proc(500, 0, 0);
  // 48 h of one-minute samples; CPU alternates 10/30, one spike of 95; RSS grows.
  for (let i = 0; i < 48 * 60; i++) {
    const time = start + i * 60_000;
    const cpu = i === 30 ? 95 : i % 2 ? 30 : 10;
    store.recordSnapshot(snapshot(time, [{ ...p, rssBytes: 1000 + i, cpuPercent: cpu }], [], cpu));
  }
  store.recordAction({ time: start - HOUR, type: 'old', source: 'cli', outcome: 'sent' });
  store.recordAction({ time: T0, type: 'new', source: 'cli', outcome: 'sent' });
  const r = store.retention({ now: T0, retentionHours: 36 });
  assert.ok(r);
  const series = store.systemSeries(0);
  // Nothing before the 36 h cutoff.
  assert.ok(series[0]!.time >= T0 - 36 * HOUR);
  const old = series.filter((s) => s.time < T0 - 24 * HOUR);
  const recent = series.filter((s) => s.time >= T0 - 24 * HOUR);
  assert.ok(
    old.every((s) => s.resolutionSecs === 900),
    'old samples are 15-minute rows',
  );
  assert.equal(old.length, 12 * 4);
  assert.ok(recent.every((s) => s.resolutionSecs === 0));
  assert.equal(recent.length, 24 * 60);
  // Averages stay averages; the spike survives in the peak column.
  // First kept bucket: minutes 720…734 of the run, 8 × 10 % and 7 × 30 %.
  assert.ok(Math.abs((old[0]!.cpuPercent ?? 0) - (8 * 10 + 7 * 30) / 15) < 1e-9);
  const spikeBucket = old.find((s) => (s.cpuPercentMax ?? 0) > 90);
  assert.equal(spikeBucket, undefined, 'the spike at 48 h ago is past retention');
  const hist = store.processHistory(500, p.startTime);
  const oldP = hist.filter((h) => h.time < T0 - 24 * HOUR);
  assert.equal(oldP.length, 12);
  assert.ok(oldP.every((h) => h.resolutionSecs === 3600));
  // Peak RSS of the bucket is kept.
  assert.equal(oldP[0]!.rssBytes, 1000 + 12 * 60 + 59);
  assert.deepEqual(
    store.actionsSince(0).map((a) => a.type),
    ['new'],
  );
  // A second pass changes nothing (each bucket is folded once).
  const again = store.retention({ now: T0, retentionHours: 36 });
  assert.equal(again?.foldedSystem, 0);
  assert.equal(store.systemSeries(0).length, series.length);
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
});

test('retention keeps a spike inside the window in the peak column', () => {
  const dir = tempDir();
  const store = openStore(dir, { log: memoryLogger() });
  const HOUR = 3_600_000;
  const start = T0 - 30 * HOUR;
  for (let i = 0; i < 60; i++) {
    const cpu = i === 7 ? 97 : 5;
    store.recordSnapshot(snapshot(start + i * 60_000, [], [], cpu));
  }
  store.retention({ now: T0, retentionHours: 168 });
  const rows = store.systemSeries(0);
  assert.equal(rows.length, 4);
  assert.equal(rows[0]!.cpuPercentMax, 97);
  assert.ok(Math.abs((rows[0]!.cpuPercent ?? 0) - (5 * 14 + 97) / 15) < 1e-9);
  store.close();
});

test('the recorder persists the analyzer baselines at stop and restores them at start', async () => {
  const dir = tempDir();
  const config = defaultConfig();
  const log = memoryLogger();
  const first = buildEngine({ config, role: 'daemon', log });
  const rec1 = createRecorder(
    { config, dataDir: dir, log, role: 'daemon', env: {} },
    { defer: (fn) => fn() },
  );
  await rec1.start(first);
  await first.tick();
  await first.stop();
  await rec1.stop();
  const learned = (
    first as unknown as { analyzer: { exportBaselines(): { metrics: Record<string, { count: number }[]> } } }
  ).analyzer.exportBaselines();
  const learnedCounts = Object.values(learned.metrics).flatMap((cells) => cells.map((c) => c.count));
  assert.ok(
    learnedCounts.some((n) => n > 0),
    'one tick teaches the baselines something',
  );
  const saved = openStore(dir, { readonly: true, log: memoryLogger() });
  assert.deepEqual(saved.loadBaseline('analyzer'), learned);
  saved.close();

  const second = buildEngine({ config, role: 'daemon', log });
  const rec2 = createRecorder(
    { config, dataDir: dir, log, role: 'daemon', env: {} },
    { defer: (fn) => fn() },
  );
  await rec2.start(second);
  try {
    const restored = (
      second as unknown as { analyzer: { exportBaselines(): unknown } }
    ).analyzer.exportBaselines();
    assert.deepEqual(restored, learned);
    assert.ok(log.lines.some((l) => l.event === 'baselines restored'));
  } finally {
    await second.stop();
    await rec2.stop();
  }
});
