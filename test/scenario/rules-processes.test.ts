// zombie, memory_leak and orphan_cpu with real processes while the real engine ticks every 0.2 s
// on the real /proc; each fires within its configured duration plus two ticks, and resolves once
// its process is gone.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ORPHAN_CPU_FOR_TICKS } from '../../src/rules/orphan_cpu.ts';
import {
  INTERVAL_MS,
  PYTHON,
  type Running,
  reap,
  spawnWithLine,
  startEngine,
  until,
} from './rules-helpers.ts';

const spawned = new Set<number>();
const children: ChildProcess[] = [];
let r: Running;

const ZOMBIE_SECS = 1;
const LEAK_WINDOW_SECS = 2;
const LEAK_MIN_MB = 30;

before(() => {
  r = startEngine((c) => {
    c.thresholds.zombie_timeout_secs = ZOMBIE_SECS;
    c.thresholds.leak_window_secs = LEAK_WINDOW_SECS;
    c.thresholds.leak_min_growth_mb = LEAK_MIN_MB;
  });
});
after(async () => {
  for (const c of children) if (c.pid) spawned.add(c.pid);
  reap(spawned);
  await r.stop();
});

const ticksFor = (secs: number) => Math.ceil((secs * 1000) / INTERVAL_MS);

function firedFor(rule: string, pid: number) {
  return r.alerts.find(
    (a) =>
      a.event.event === 'fired' && a.event.alert.rule === rule && a.event.alert.subject.pids.includes(pid),
  );
}
function resolvedFor(id: string) {
  return r.alerts.find((a) => a.event.event === 'resolved' && a.event.alert.id === id);
}

test('a zombie left unreaped for zombie_timeout_secs: subject = parent + zombie, SIGCHLD to the parent', {
  timeout: 30_000,
}, async () => {
  const { child, line } = await spawnWithLine(PYTHON, [
    '-c',
    'import os, sys, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(60)\n',
  ]);
  children.push(child);
  const parent = child.pid!;
  const zombie = Number(line);
  const cond = r.watch((s) => s.processes.some((p) => p.pid === zombie && p.state === 'Z'));
  const fired = await until('zombie alert', () => firedFor('zombie', zombie));
  const a = fired.event.alert;
  assert.deepEqual(a.subject.pids, [parent, zombie]);
  assert.equal(a.suggestedCommand, `kill -CHLD ${parent}`);
  assert.equal(a.severity, 'medium');
  assert.ok(cond.tick !== null);
  assert.ok(
    fired.tick <= cond.tick! + ticksFor(ZOMBIE_SECS) + 2,
    `fired at ${fired.tick}, zombie seen at ${cond.tick}`,
  );
  // The parent goes: init reaps the zombie, the alert resolves.
  reap([parent]);
  await until('zombie resolved', () => resolvedFor(a.id));
});

test('a leaking process: memory_leak within leak_window_secs plus two ticks', {
  timeout: 30_000,
}, async () => {
  // +4 MiB every 50 ms up to ~400 MiB, then steady.
  const { child } = await spawnWithLine(PYTHON, [
    '-c',
    'import time\nprint("go", flush=True)\nheap = []\nfor i in range(100):\n    heap.append(b"x" * (4 * 1024 * 1024))\n    time.sleep(0.05)\ntime.sleep(60)\n',
  ]);
  children.push(child);
  const pid = child.pid!;
  const cond = r.watch((s) => s.processes.some((p) => p.pid === pid));
  const fired = await until('memory_leak alert', () => firedFor('memory_leak', pid));
  const a = fired.event.alert;
  assert.deepEqual(a.subject.pids, [pid]);
  assert.equal(a.suggestedCommand, `kill -TERM ${pid}`);
  assert.match(a.message, new RegExp(`\\(pid ${pid}\\) grew by `));
  assert.ok(
    fired.tick <= cond.tick! + ticksFor(LEAK_WINDOW_SECS) + 2,
    `fired at ${fired.tick}, process first seen at ${cond.tick}`,
  );
  reap([pid]);
  await until('memory_leak resolved', () => resolvedFor(a.id));
});

test('a steady process of the same size raises no memory_leak', { timeout: 30_000 }, async () => {
  const { child } = await spawnWithLine(PYTHON, [
    '-c',
    'import time\nheap = b"x" * (200 * 1024 * 1024)\nprint("go", flush=True)\ntime.sleep(60)\n',
  ]);
  children.push(child);
  const pid = child.pid!;
  const seen = r.watch((s) => s.processes.some((p) => p.pid === pid && p.rssBytes > 190 * 1024 * 1024));
  await until('the process at full size', () => seen.tick);
  const from = r.tick();
  await until('two windows', () => r.tick() >= from + 2 * ticksFor(LEAK_WINDOW_SECS));
  assert.equal(firedFor('memory_leak', pid), undefined);
  reap([pid]);
});

test('a busy orphan whose parent exits: orphan_cpu within ORPHAN_CPU_FOR_TICKS + 2 ticks of the reparenting', {
  timeout: 30_000,
}, async () => {
  const { child, line } = await spawnWithLine('bash', [
    '-c',
    `${PYTHON} -c 'while True: pass' & echo $!; sleep 1`,
  ]);
  children.push(child);
  const shell = child.pid!;
  const busy = Number(line);
  spawned.add(busy);
  const cond = r.watch((s) =>
    s.processes.some((p) => p.pid === busy && p.ppid !== shell && (p.cpuPercent ?? 0) >= 10),
  );
  const fired = await until('orphan_cpu alert', () => firedFor('orphan_cpu', busy));
  const a = fired.event.alert;
  assert.deepEqual(a.subject.pids, [busy]);
  assert.equal(a.suggestedCommand, `kill -TERM ${busy}`);
  // bash execs its last command, so the remembered parent may be `sleep`.
  assert.match(a.message, new RegExp(`its parent (bash|sleep) \\(pid ${shell}\\) is gone`));
  assert.ok(cond.tick !== null);
  assert.ok(
    fired.tick <= cond.tick! + ORPHAN_CPU_FOR_TICKS + 2,
    `fired at ${fired.tick}, reparented busy at ${cond.tick}`,
  );
  // While the shell lived, the same busy process was no orphan.
  assert.equal(
    r.alerts.filter((x) => x.event.alert.rule === 'orphan_cpu' && x.event.alert.subject.pids.includes(busy))
      .length,
    1,
  );
  reap([busy]);
  await until('orphan_cpu resolved', () => resolvedFor(a.id));
});
