// oom_kill from a real OOM kill: a process in a small memory cgroup (cgroup v1) allocates until
// the kernel kills it; the engine's kernel-log collector reads /dev/kmsg and the rule names it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { type Running, reap, startEngine, until } from './rules-helpers.ts';

const MEMCG = '/sys/fs/cgroup/memory';
const cgroup = `${MEMCG}/vigil-rules-oom-${process.pid}`;
const children: ChildProcess[] = [];
let r: Running | null = null;

after(async () => {
  reap(children.map((c) => c.pid!).filter(Boolean));
  await r?.stop();
  for (let i = 0; i < 20 && existsSync(cgroup); i++) {
    try {
      rmdirSync(cgroup);
    } catch {
      await new Promise((res) => setTimeout(res, 100));
    }
  }
});

test('a real OOM kill in a memory cgroup fires oom_kill naming the victim', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(`${MEMCG}/cgroup.procs`), 'cgroup v1 memory controller (see TESTING.md)');
  r = startEngine();
  const running = r;
  // The kernel log is opened on the first tick: only what happens after it is news.
  await until('two ticks', () => running.tick() >= 2);
  mkdirSync(cgroup);
  writeFileSync(`${cgroup}/memory.limit_in_bytes`, String(16 * 1024 * 1024));
  const victim = spawn('bash', ['-c', `echo $BASHPID > ${cgroup}/cgroup.procs && exec tail /dev/zero`], {
    stdio: 'ignore',
  });
  children.push(victim);
  const signal = await until(
    'the victim to die',
    () => victim.signalCode ?? (victim.exitCode !== null ? 'exit' : null),
  );
  assert.equal(signal, 'SIGKILL', 'killed by the OOM killer');
  const died = running.tick();
  const fired = await until('oom_kill alert', () =>
    running.alerts.find(
      (a) =>
        a.event.event === 'fired' &&
        a.event.alert.rule === 'oom_kill' &&
        a.event.alert.subject.pids[0] === victim.pid,
    ),
  );
  const a = fired.event.alert;
  assert.equal(a.severity, 'critical');
  assert.deepEqual(a.subject.pids, [victim.pid]);
  assert.match(
    a.message,
    new RegExp(`killed tail \\(pid ${victim.pid}, .*\\) in cgroup /vigil-rules-oom-${process.pid}`),
  );
  assert.ok(fired.tick <= died + 2, `fired at tick ${fired.tick}, victim died by tick ${died}`);
  // Once: the same kernel report is not a second alert.
  const at = running.tick();
  await until('3 more ticks', () => running.tick() >= at + 3);
  assert.equal(
    running.alerts.filter(
      (x) => x.event.alert.rule === 'oom_kill' && x.event.alert.subject.pids[0] === victim.pid,
    ).length,
    1,
  );
});
