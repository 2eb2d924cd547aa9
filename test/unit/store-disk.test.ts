// History on a read-only or full disk, for real. Tests run as root, and root ignores file modes
// (chmod 0555 would not stop a write), so the data dir is a real tmpfs mount: remounted read-only
// (the kernel answers EROFS to root too), or made tiny and filled up (ENOSPC → SQLITE_FULL).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { historyHealth } from '../../src/store/health.ts';
import { createRecorder } from '../../src/store/recorder.ts';
import { openStore } from '../../src/store/store.ts';

const mounts: string[] = [];
function tmpfs(options: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}
const remount = (dir: string, options: string) => execFileSync('mount', ['-o', `remount,${options}`, dir]);
after(() => {
  for (const d of mounts) {
    try {
      execFileSync('umount', ['-l', d]);
    } catch {
      // Already unmounted.
    }
    rmSync(d, { recursive: true, force: true });
  }
});

test('read-only data dir: the engine keeps sampling, history is paused and reported', async () => {
  const dir = tmpfs('size=16m');
  // An existing history, then the file system turns read-only under it.
  const seed = openStore(dir, { log: memoryLogger() });
  assert.equal(seed.recordAction({ type: 'seed', source: 'cli', outcome: 'sent' }), true);
  seed.close();
  remount(dir, 'ro');
  assert.throws(() => writeFileSync(join(dir, 'probe'), 'x'), /EROFS/);

  const log = memoryLogger();
  const config = defaultConfig();
  config.history.snapshot_interval_secs = 0;
  const engine = buildEngine({ config, role: 'daemon', log });
  const recorder = createRecorder({ config, dataDir: dir, log, role: 'daemon', env: {} });
  await recorder.start(engine);
  try {
    for (let i = 0; i < 3; i++) await engine.tick();
    await new Promise((r) => setImmediate(r));
    assert.equal(engine.stats.ticks, 3, 'sampling goes on');
    assert.equal(recorder.isRecording(), false);
    const st = recorder.status();
    assert.equal(st.paused, true);
    assert.ok(st.reason, 'the reason is kept for health');
    assert.ok(
      log.lines.some((l) => /history paused/.test(String(l.event))),
      'logged once as paused',
    );
    assert.equal(log.lines.filter((l) => /history paused/.test(String(l.event))).length, 1);
  } finally {
    await engine.stop();
    await recorder.stop();
  }
  const health = historyHealth(dir);
  assert.equal(health.ok, false);
  assert.equal(health.writable, false);
  assert.match(health.problem ?? '', /history paused/);
  // The old history is still readable.
  const reader = openStore(dir, { readonly: true, log: memoryLogger() });
  assert.deepEqual(
    reader.actionsSince(0).map((a) => a.type),
    ['seed'],
  );
  reader.close();

  // Once the file system takes writes again, a paused store writes again (no restart needed).
  const writer = openStore(dir, { log: memoryLogger(), retryMs: 0 });
  assert.equal(writer.recordAction({ type: 'while-ro', source: 'cli', outcome: 'sent' }), false);
  remount(dir, 'rw');
  assert.equal(writer.recordAction({ type: 'after-rw', source: 'cli', outcome: 'sent' }), true);
  assert.deepEqual(
    writer.actionsSince(0).map((a) => a.type),
    ['seed', 'after-rw'],
  );
  assert.equal(writer.integrityCheck(), 'ok');
  writer.close();
});

test('a read-only dir without a database: nothing created, writes refused, no throw', () => {
  const dir = tmpfs('ro,size=1m');
  const store = openStore(dir, { log: memoryLogger(), retryMs: 0 });
  assert.equal(store.status().available, false);
  assert.equal(store.recordAction({ type: 'x', source: 'cli', outcome: 'sent' }), false);
  assert.deepEqual(store.alertsSince(0), []);
  store.close();
});

test('full disk: writes pause without throwing and resume once space is back', () => {
  const dir = tmpfs('size=2m');
  const log = memoryLogger();
  const store = openStore(dir, { log, retryMs: 0 });
  assert.equal(store.recordAction({ type: 'before', source: 'cli', outcome: 'sent' }), true);
  // Fill the file system (dd-like, until ENOSPC).
  const filler = join(dir, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  try {
    for (;;) {
      writeFileSync(filler, chunk, { flag: 'a' });
      written += chunk.length;
    }
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  assert.ok(written > 0);
  let failed = 0;
  const big = 'x'.repeat(1000);
  for (let i = 0; i < 400; i++) {
    if (!store.recordAction({ type: 'during', source: 'cli', outcome: 'sent', reason: big })) failed++;
  }
  assert.ok(failed > 0, 'some writes failed on the full disk');
  const health = historyHealth(dir);
  assert.equal(health.ok, false);
  assert.match(health.problem ?? '', /full/);
  assert.equal(store.status().paused, true);
  assert.match(store.status().reason ?? '', /SQLITE_FULL|full|SQLITE_IOERR/i);
  unlinkSync(filler);
  assert.equal(store.recordAction({ type: 'after', source: 'cli', outcome: 'sent' }), true);
  assert.equal(store.status().paused, false);
  assert.ok(log.lines.some((l) => l.event === 'history resumed'));
  assert.equal(store.integrityCheck(), 'ok');
  const types = store.actionsSince(0).map((a) => a.type);
  assert.equal(types[0], 'before');
  assert.equal(types.at(-1), 'after');
  store.close();
});
