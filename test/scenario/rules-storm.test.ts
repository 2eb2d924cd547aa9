// ghost_process_storm with real processes: a `node` host starts identical `python3
// mcp_server.py` servers (each holding real memory) and dies; Vigil's engine, ticking every
// 0.2 s on the real /proc, names every server, remembers that node started them, and stays
// silent for duplicates under the threshold.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { stormMinRssBytes } from '../../src/rules/ghost_process_storm.ts';
import { DUPLICATE_FOR_TICKS } from '../../src/rules/groups.ts';
import { PYTHON, type Running, reap, spawnWithLine, startEngine, until } from './rules-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-storm-'));
const server = join(dir, 'mcp_server.py');
const host = join(dir, 'host.cjs');
writeFileSync(
  server,
  'import sys, time\ndata = b"x" * (int(sys.argv[1]) * 1024 * 1024)\nwhile True:\n    time.sleep(1)\n',
);
writeFileSync(
  host,
  `const { spawn } = require('node:child_process');
const [n, py, script, mb] = process.argv.slice(2);
const pids = [];
for (let i = 0; i < Number(n); i++) pids.push(spawn(py, [script, mb], { stdio: 'ignore' }).pid);
process.stdout.write(JSON.stringify(pids) + '\\n');
setInterval(() => {}, 1000);
`,
);

const spawned = new Set<number>();
const children: ChildProcess[] = [];
let running: Running | null = null;
after(async () => {
  for (const c of children) if (c.pid) spawned.add(c.pid);
  reap(spawned);
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startHost(n: number, mb: number): Promise<{ hostPid: number; pids: number[] }> {
  const { child, line } = await spawnWithLine(process.execPath, [
    host,
    String(n),
    PYTHON,
    server,
    String(mb),
  ]);
  children.push(child);
  const pids = (JSON.parse(line) as number[]).sort((a, b) => a - b);
  for (const p of pids) spawned.add(p);
  return { hostPid: child.pid!, pids };
}

const MiB = 1024 * 1024;

test('a storm of mcp_server.py whose node parent dies: ghost_process_storm names every pid', {
  timeout: 90_000,
}, async () => {
  const r = startEngine();
  running = r;
  // Enough servers, each big enough, that together they pass the storm's RSS minimum here.
  const count = 7;
  const minRss = stormMinRssBytes(defaultConfig({}).thresholds, totalmem());
  const mb = Math.ceil((minRss * 1.3) / MiB / count);
  const { hostPid, pids } = await startHost(count, mb);
  // The storm's condition, as the test sees it: more than max copies together over the minimum.
  const cond = r.watch((s) => {
    const mine = s.processes.filter((p) => pids.includes(p.pid));
    const rss = mine.reduce((sum, p) => sum + p.rssBytes, 0);
    return (
      mine.length > r.config.thresholds.max_duplicate_processes &&
      rss > stormMinRssBytes(r.config.thresholds, s.memory.totalBytes)
    );
  });
  const fired = await until(
    'ghost_process_storm',
    () =>
      r.alerts.find(
        (a) =>
          a.event.event === 'fired' &&
          a.event.alert.rule === 'ghost_process_storm' &&
          a.event.alert.subject.pids.some((p) => pids.includes(p)),
      ),
    45_000,
  );
  // It may fire as soon as six of the seven hold their memory; the same alert then grows.
  const first = fired.event.alert;
  assert.ok(
    first.subject.pids.every((p) => pids.includes(p)),
    'only the servers',
  );
  const a = await until('the alert to name every server', () =>
    r.engine.latest()?.alerts.find((x) => x.id === first.id && x.subject.pids.length === count),
  );
  assert.deepEqual(a.subject.pids, pids, 'exactly the servers, every one of them');
  assert.equal(a.severity, 'high');
  assert.equal(a.suggestedCommand, `kill -TERM ${pids.join(' ')}`);
  assert.doesNotMatch(a.suggestedCommand!, /pkill|killall|pgrep/);
  assert.match(a.message, new RegExp(`^${count} identical processes ".*mcp_server\\.py .*" use `));
  assert.match(a.message, new RegExp(`started by node \\(pid ${hostPid}\\)`));
  assert.ok(cond.tick !== null, 'the condition was seen');
  assert.ok(
    fired.tick <= cond.tick! + DUPLICATE_FOR_TICKS + 2,
    `fired at tick ${fired.tick}, condition at ${cond.tick}`,
  );
  // While the copies were still allocating they were plain duplicates; the storm supersedes that.
  await until('no duplicate_processes alert left for them', () =>
    r.engine
      .latest()
      ?.alerts.every(
        (x) => x.rule !== 'duplicate_processes' || !x.subject.pids.some((p) => pids.includes(p)),
      ),
  );

  // The parent dies: the servers are reparented; the alert stays, now saying node is gone.
  process.kill(hostPid, 'SIGKILL');
  await until('the servers to be reparented', () =>
    r.latest()?.processes.filter((p) => pids.includes(p.pid) && p.ppid !== hostPid).length === count
      ? true
      : null,
  );
  const after = await until('the message to say the parent exited', () =>
    r.engine
      .latest()
      ?.alerts.find(
        (x) => x.rule === 'ghost_process_storm' && x.message.includes(`node (pid ${hostPid}, exited)`),
      ),
  );
  assert.equal(after.id, a.id, 'the same alert (de-duplicated by subject)');
  assert.deepEqual(after.subject.pids, pids);
  assert.equal(r.alerts.filter((x) => x.event.event === 'resolved' && x.event.alert.id === a.id).length, 0);

  // Removing exactly those pids resolves it.
  reap(pids);
  const resolved = await until('resolution', () =>
    r.alerts.find((x) => x.event.event === 'resolved' && x.event.alert.id === a.id),
  );
  assert.equal(resolved.event.alert.state, 'resolved');
  assert.equal(r.latest()!.processes.filter((p) => pids.includes(p.pid) && p.state !== 'Z').length, 0);
});

test('duplicates under the threshold raise no alert, before and after their parent dies', {
  timeout: 60_000,
}, async () => {
  const r = running!;
  const max = r.config.thresholds.max_duplicate_processes;
  const { hostPid, pids } = await startHost(max, 1);
  const seen = r.watch((s) => s.processes.filter((p) => pids.includes(p.pid)).length === max);
  await until('the copies to be sampled', () => seen.tick);
  const from = r.tick();
  await until('8 ticks', () => r.tick() >= from + 8);
  process.kill(hostPid, 'SIGKILL');
  await until('reparenting', () =>
    r.latest()?.processes.filter((p) => pids.includes(p.pid) && p.ppid !== hostPid).length === max
      ? true
      : null,
  );
  const mid = r.tick();
  await until('8 more ticks', () => r.tick() >= mid + 8);
  const mine = r.alerts.filter(
    (a) =>
      a.tick >= from &&
      a.event.alert.subject.pids.some((p) => pids.includes(p)) &&
      a.event.alert.rule !== 'orphan_cpu',
  );
  assert.deepEqual(
    mine.map((a) => `${a.event.alert.rule}: ${a.event.alert.message}`),
    [],
  );
  reap(pids);
});
