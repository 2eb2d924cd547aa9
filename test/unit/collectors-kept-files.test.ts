// The process collector keeps each /proc/PID/stat open between sweeps (one pread a tick): checked
// on the real /proc with real processes, which are always reaped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { processCollector } from '../../src/collectors/processes.ts';
import {
  isProcfs,
  KeptFiles,
  lastPidOf,
  openFilesLimit,
  ownNamespace,
  ProcFileReader,
  procListing,
} from '../../src/collectors/procfs.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext, ProcessesRaw } from '../../src/core/types.ts';
import { keptProcFiles } from '../helpers/proc-fds.ts';

const at = (tick: number, proc = '/proc'): CollectContext => ({
  roots: { proc, sys: '/sys', dev: '/dev' },
  clock: new FakeClock(),
  log: memoryLogger(),
  tick,
});

const keptStatFiles = () => keptProcFiles('stat');

test('stat files stay open between sweeps, follow the process, and close when it is gone', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const c = processCollector();
  try {
    const first = c.collect(at(0)) as ProcessesRaw;
    const row = first.list.find((p) => p.pid === child.pid);
    assert.ok(row, 'the child is listed');
    assert.ok(keptStatFiles().includes(`/proc/${child.pid}/stat`), 'its stat file is kept open');
    const second = c.collect(at(1)) as ProcessesRaw;
    assert.equal(
      second.list.find((p) => p.pid === child.pid),
      row,
      'read again through the kept file: unchanged',
    );
    // A process stopped by SIGSTOP changes state without an open: the kept file shows it.
    child.kill('SIGSTOP');
    let state = '';
    for (let i = 0; i < 50 && state !== 'T'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = (c.collect(at(2 + i)) as ProcessesRaw).list.find((p) => p.pid === child.pid)?.state ?? '';
    }
    assert.equal(state, 'T');
    child.kill('SIGKILL');
    await exited;
    const after = c.collect(at(100)) as ProcessesRaw;
    assert.equal(
      after.list.find((p) => p.pid === child.pid),
      undefined,
      'gone once reaped',
    );
    assert.ok(!keptStatFiles().includes(`/proc/${child.pid}/stat`), 'and its file closed');
  } finally {
    child.kill('SIGKILL');
    await exited;
    c.close?.();
  }
  assert.deepEqual(keptStatFiles(), [], 'close() closes every kept file');
});

test('a kept file whose process is gone reopens the path (a reused pid is another process)', async () => {
  const reader = new ProcFileReader();
  const kept = new KeptFiles(reader, 'stat', 10);
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const self = spawn('sleep', ['30'], { stdio: 'ignore' });
  const selfExited = new Promise((r) => self.once('exit', r));
  try {
    kept.beginSweep();
    // Under the child's key, the path of another live process: the kept file stays the child's.
    assert.ok(kept.read(child.pid!, '/proc', String(child.pid)) > 0);
    child.kill('SIGKILL');
    await exited;
    kept.beginSweep();
    const n = kept.read(child.pid!, '/proc', String(self.pid));
    assert.ok(n > 0, 'the dead process read fails (ESRCH) and the path is opened again');
    assert.match(reader.bytes.toString('latin1', 0, n), new RegExp(`^${self.pid} \\(`));
    kept.endSweep();
    assert.equal(kept.size, 1);
  } finally {
    child.kill('SIGKILL');
    self.kill('SIGKILL');
    await Promise.all([exited, selfExited]);
    kept.closeAll();
  }
  assert.equal(kept.size, 0);
});

test('at most `max` files are kept; past that, files are opened and closed each time', () => {
  const reader = new ProcFileReader();
  const kept = new KeptFiles(reader, 'stat', 1);
  try {
    kept.beginSweep();
    assert.ok(kept.read(1, '/proc', '1') > 0);
    assert.ok(kept.read(process.pid, '/proc', String(process.pid)) > 0);
    assert.equal(kept.size, 1);
    assert.equal(kept.read(999_999_999, '/proc', '999999999'), -1, 'no such process');
  } finally {
    kept.closeAll();
  }
});

test('nothing is kept open under a fixture tree (plain files, not procfs); the fd limit is read', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'vigil-kept-'));
  try {
    assert.equal(isProcfs('/proc'), true);
    assert.equal(isProcfs(fixture), false);
    const reader = new ProcFileReader();
    assert.equal(openFilesLimit(reader, fixture), null, 'no self/limits');
    mkdirSync(join(fixture, 'self'));
    const limits = (soft: string) =>
      writeFileSync(
        join(fixture, 'self', 'limits'),
        `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 4096                 files\n`,
      );
    limits('2048');
    assert.equal(openFilesLimit(reader, fixture), 2048);
    limits('unlimited');
    assert.equal(openFilesLimit(reader, fixture), Number.MAX_SAFE_INTEGER);
    const c = processCollector();
    c.collect(at(0, fixture));
    assert.deepEqual(keptStatFiles(), []);
    c.close?.();
  } finally {
    rmSync(fixture, { recursive: true, force: true });
  }
});

test('the reader reads past its buffer: a record larger than the buffer, and a file to EOF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-reader-'));
  try {
    const text = 'x'.repeat(10_000);
    writeFileSync(join(dir, 'big'), text);
    const reader = new ProcFileReader(64);
    assert.equal(reader.readRecord(join(dir, 'big')), 10_000);
    assert.equal(reader.bytes.toString('latin1', 0, 10_000), text);
    assert.equal(reader.read(join(dir, 'big')), text);
    assert.equal(reader.readRecord(join(dir, 'missing')), -1);
    const n = new ProcFileReader(16).readRecord('/proc/self/stat');
    assert.ok(n > 16, 'a real stat line, in more than one read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/proc is listed again only when a pid was handed out since the last listing', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'vigil-listing-'));
  try {
    const loadavg = (last: number) =>
      writeFileSync(join(fixture, 'loadavg'), `0.10 0.20 0.30 1/99 ${last}\n`);
    mkdirSync(join(fixture, '10'));
    mkdirSync(join(fixture, '11'));
    loadavg(500);
    const l = procListing(new ProcFileReader(), fixture, () => true);
    const first = l.list();
    assert.equal(first.fresh, true);
    assert.deepEqual([...first.entries].sort(), ['10', '11', 'loadavg']);
    l.keep(['10']); // 11 exited during the sweep
    mkdirSync(join(fixture, '12')); // made without a pid handed out: cannot happen, so not looked for
    assert.deepEqual(l.list(), { entries: ['10'], fresh: false });
    loadavg(501); // a fork
    const third = l.list();
    assert.equal(third.fresh, true);
    assert.ok(third.entries.includes('12'));
    // Not this process's namespace (or no loadavg): listed every time.
    const other = procListing(new ProcFileReader(), fixture, () => false);
    other.list();
    other.keep(['10']);
    assert.equal(other.list().fresh, true);
    assert.equal(lastPidOf('0.00 0.01 0.05 1/120 4242\n'), 4242);
    assert.equal(lastPidOf('garbage'), -1);
    assert.equal(lastPidOf(null), -1);
    assert.equal(ownNamespace('/proc'), true);
    assert.equal(ownNamespace(fixture), false);
  } finally {
    rmSync(fixture, { recursive: true, force: true });
  }
});

test('a process started between two sweeps is seen by the second (the real /proc)', async () => {
  const c = processCollector();
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    c.collect(at(0));
    const late = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lateExited = new Promise((r) => late.once('exit', r));
    try {
      const second = c.collect(at(1)) as ProcessesRaw;
      assert.ok(second.list.some((p) => p.pid === late.pid));
      late.kill('SIGKILL');
      await lateExited;
      const third = c.collect(at(2)) as ProcessesRaw;
      assert.ok(!third.list.some((p) => p.pid === late.pid), 'gone once reaped, listed again or not');
      assert.ok(third.list.some((p) => p.pid === child.pid));
    } finally {
      late.kill('SIGKILL');
      await lateExited;
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
    c.close?.();
  }
});
