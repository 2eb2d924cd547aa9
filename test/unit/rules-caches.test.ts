// The analyzer's cross-tick caches (src/rules/caches.ts, the lineage's live map, the RSS series):
// a reused pid never inherits what was remembered of the process that had it before, and every
// cache shrinks back when processes go.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProcessSnapshot } from '../../src/core/types.ts';
import { Lineage } from '../../src/engine/lineage.ts';
import { RuleCaches } from '../../src/rules/caches.ts';
import { DUPLICATE_FOR_TICKS } from '../../src/rules/groups.ts';
import { normalizeCmdline } from '../../src/rules/normalize.ts';
import { RssSeries } from '../../src/rules/trend.ts';
import { harness, MiB, proc, snap } from './rules-fixtures.ts';

const init = proc({ pid: 1, ppid: 0, name: 'init', cmdline: '/sbin/init' });

function server(pid: number, ppid: number, startTicks: number): ProcessSnapshot {
  return proc({
    pid,
    ppid,
    pgid: ppid,
    sid: 50,
    startTicks,
    name: 'python3',
    cmdline: `/usr/bin/python3.11 /tmp/tmpab${pid}/mcp_server.py --port ${9000 + pid}`,
    rssBytes: 250 * MiB,
  });
}

describe('caches across pid reuse', () => {
  test('a pid reused by another program does not keep the AI-tool classification of the old one', () => {
    const h = harness();
    const claude = proc({ pid: 5, ppid: 1, sid: 5, startTicks: 50, name: 'claude', cmdline: 'claude' });
    const sh = proc({ pid: 6, ppid: 5, sid: 5, startTicks: 60, name: 'sh', cmdline: 'sh -c uvx srv' });
    const first = Array.from({ length: 6 }, (_, i) => server(21 + i, 6, 210 + i));
    const s1 = snap({ processes: [init, claude, sh, ...first] });
    for (let i = 0; i <= DUPLICATE_FOR_TICKS; i++) h.tick(s1);
    assert.equal(h.firing('ghost_process_storm').length, 1, 'descendants of claude: a storm');
    for (let i = 0; i < 3; i++) h.tick(snap({ processes: [init] }));
    assert.equal(h.firing('ghost_process_storm').length, 0);
    // Same pids, later start times: a plain shell now, and the same command lines under it.
    const bash = proc({ pid: 5, ppid: 1, sid: 5, startTicks: 500, name: 'bash', cmdline: 'bash' });
    const sh2 = { ...sh, startTicks: 600 };
    const second = Array.from({ length: 6 }, (_, i) => server(21 + i, 6, 2100 + i));
    const s2 = snap({ processes: [init, bash, sh2, ...second] });
    for (let i = 0; i <= DUPLICATE_FOR_TICKS; i++) h.tick(s2);
    assert.equal(h.firing('ghost_process_storm').length, 0, 'not descendants of an AI tool any more');
    assert.equal(h.firing('duplicate_processes').length, 1);
    const lineage = h.analyzer.lineage;
    assert.deepEqual(
      lineage.of(second[0]!)!.ancestors.map((a) => a.name),
      ['sh', 'bash', 'init'],
    );
    assert.equal(lineage.get(5, 50)!.goneAt !== null, true, 'the old claude is remembered as gone');
  });

  test('RuleCaches classifies each remembered ancestor once, per process (pid + start time)', () => {
    const l = new Lineage();
    const c = new RuleCaches();
    const node = proc({ pid: 10, ppid: 1, startTicks: 100, name: 'node', cmdline: 'node /srv/host.js' });
    const child = proc({ pid: 11, ppid: 10, startTicks: 110, name: 'sleep', cmdline: 'sleep 60' });
    l.update([init, node, child], 0);
    const o = c.origin(l.of(child)!);
    assert.equal(o.ai, null);
    assert.equal(o.node?.pid, 10);
    assert.equal(c.origin(l.of(child)!), o, 'memoised per lineage entry');
    // pid 10 reused by an AI tool, pid 11 by a new child: a new classification, not the memo.
    const codex = proc({
      pid: 10,
      ppid: 1,
      startTicks: 101,
      name: 'node',
      cmdline: 'node /usr/lib/node_modules/@openai/codex/bin/codex.js',
    });
    const child2 = { ...child, startTicks: 111 };
    l.update([init, codex, child2], 1000);
    const o2 = c.origin(l.of(child2)!);
    assert.equal(o2.ai?.tool, 'codex');
    assert.equal(o2.ai?.ancestor.startTicks, 101);
    assert.equal(l.isAlive(o2.ai!.ancestor), true);
    assert.equal(l.isAlive(o.node!), false, 'the old node is not alive: its pid is another process');
    assert.equal(l.get(10, 100)!.goneAt, 1000, 'the process that had the pid is gone from that tick');
    assert.equal(l.get(11, 110)!.goneAt, 1000);
  });

  test('normalised command lines are memoised and pruned when nobody uses them', () => {
    const c = new RuleCaches();
    c.beginTick();
    for (let i = 0; i < 2000; i++) {
      const cmd = `/usr/bin/python3.11 /srv/app${i}.py --port ${8000 + i}`;
      assert.equal(c.normalize(cmd), normalizeCmdline(cmd));
    }
    assert.equal(c.normalizedSize, 2000);
    c.beginTick();
    assert.equal(c.normalize('python3 /tmp/tmpx1/a.py --port 9'), 'python <tmp>/a.py --port <n>');
    c.beginTick();
    assert.ok(c.normalizedSize <= 1, `pruned to what the last tick used (${c.normalizedSize})`);
  });

  test('the RSS series of a reused pid starts afresh; gone processes are dropped', () => {
    const r = new RssSeries();
    const a = proc({ pid: 7, startTicks: 70, rssBytes: 100 });
    for (let t = 0; t < 5; t++) r.update([a], t * 60_000, 3_600_000);
    assert.equal(r.get(a).t.length, 5);
    const b = { ...a, startTicks: 71, rssBytes: 5 };
    r.update([b], 5 * 60_000, 3_600_000);
    assert.deepEqual([r.get(b).t, r.get(b).v], [[5 * 60_000], [5]]);
    assert.equal(r.get(a).t.length, 0, 'the old process has no series any more');
    assert.equal(r.size, 1);
    r.update([], 6 * 60_000, 3_600_000);
    assert.equal(r.size, 0);
  });
});
