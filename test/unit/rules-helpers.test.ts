import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globToRegExp, ignoreMatcher } from '../../src/core/glob.ts';
import type { Finding } from '../../src/core/types.ts';
import { isOrphan, LINEAGE_RETAIN_MS, Lineage } from '../../src/engine/lineage.ts';
import { Baselines, cellStddev } from '../../src/rules/baseline.ts';
import { duMount, killPids } from '../../src/rules/command.ts';
import { alertId, Lifecycle } from '../../src/rules/lifecycle.ts';
import { normalizeCmdline } from '../../src/rules/normalize.ts';
import {
  fillEtaSecs,
  growthVerdict,
  linearFit,
  RSS_POINTS_PER_WINDOW,
  RssSeries,
  seriesOf,
} from '../../src/rules/trend.ts';
import { aiToolOf } from '../../src/rules/util.ts';
import { MiB, proc } from './rules-fixtures.ts';

describe('lifecycle', () => {
  const f = (key: string, forSecs = 0, severity: Finding['severity'] = 'high'): Finding => ({
    rule: 'ram_high',
    severity,
    key,
    message: `m ${key}`,
    subject: { pids: [1] },
    suggestedCommand: null,
    forSecs,
  });
  test('pending → firing after forSecs; de-duplicated by key; stable ids; resolved after two missing ticks', () => {
    const lc = new Lifecycle();
    assert.deepEqual(lc.update([f('a', 10), f('a', 10)], 0), []);
    assert.deepEqual(lc.update([f('a', 10)], 9_999), []);
    const ev = lc.update([f('a', 10), f('a', 10)], 10_000);
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.alert.id, alertId('ram_high', 'a'));
    assert.match(ev[0]!.alert.id, /^ram_high-[0-9a-f]{12}$/);
    assert.equal(ev[0]!.alert.since, new Date(10_000).toISOString());
    assert.deepEqual(lc.update([f('a', 10)], 11_000), []);
    assert.deepEqual(lc.update([], 12_000), [], 'one missing tick is not enough');
    assert.equal(lc.active().length, 1);
    assert.deepEqual(lc.update([f('a', 10)], 13_000), [], 'back: still the same alert');
    assert.deepEqual(lc.update([], 14_000), []);
    const r = lc.update([], 15_000);
    assert.equal(r.length, 1);
    assert.equal(r[0]!.event, 'resolved');
    assert.equal(r[0]!.alert.since, new Date(10_000).toISOString());
    assert.equal(lc.active().length, 0);
  });
  test('a pending finding that disappears never fires; ids differ per key and rule', () => {
    const lc = new Lifecycle();
    lc.update([f('b', 5)], 0);
    lc.update([], 1000);
    assert.deepEqual(lc.update([f('b', 5)], 4000), []);
    assert.notEqual(alertId('zombie', 'x'), alertId('zombie', 'y'));
    assert.equal(alertId('zombie', 'x'), alertId('zombie', 'x'));
  });
  test('escalation emits a new fired event with the same id; de-escalation does not', () => {
    const lc = new Lifecycle();
    const a = lc.update([f('c', 0, 'high')], 0)[0]!;
    const b = lc.update([f('c', 0, 'critical')], 1)[0]!;
    assert.equal(b.alert.id, a.alert.id);
    assert.equal(b.alert.severity, 'critical');
    assert.deepEqual(b.details, { escalatedFrom: 'high' });
    assert.deepEqual(lc.update([f('c', 0, 'high')], 2), []);
  });
});

describe('lineage', () => {
  test('remembers ancestry after the parent dies, keyed by pid + start time', () => {
    const l = new Lineage();
    const claude = proc({ pid: 10, ppid: 1, name: 'claude', cmdline: 'claude' });
    const sh = proc({ pid: 11, ppid: 10, name: 'sh', cmdline: 'sh -c x' });
    const srv = proc({ pid: 12, ppid: 11, name: 'python3', cmdline: 'python3 mcp_server.py', ageSeconds: 0 });
    l.update([proc({ pid: 1, ppid: 0 }), claude, sh, srv], 0);
    l.update([proc({ pid: 1, ppid: 0 }), claude, sh, srv], 1000);
    l.update([proc({ pid: 1, ppid: 0 }), { ...srv, ppid: 1 }], 2000);
    const e = l.of(srv)!;
    assert.deepEqual(
      e.ancestors.map((a) => a.name),
      ['sh', 'claude', 'proc'],
    );
    assert.equal(e.originalPpid, 11);
    assert.equal(e.reparentedAt, 2000);
    assert.ok(isOrphan({ ...srv, ppid: 1 }, e));
    assert.equal(l.isAlive(e.ancestors[1]!), false);
    // PID reuse: same pid, other start time → another process with its own lineage.
    assert.equal(l.get(12, srv.startTicks + 1), undefined);
  });
  test('gone entries are dropped after LINEAGE_RETAIN_MS; memory stays bounded', () => {
    const l = new Lineage();
    const many = Array.from({ length: 500 }, (_, i) => proc({ pid: 100 + i, ppid: 1 }));
    l.update(many, 0);
    l.update([], 1000);
    assert.equal(l.size, 500);
    l.update([], 1000 + LINEAGE_RETAIN_MS + 1);
    assert.equal(l.size, 0);
  });
  test('a process first seen young and then reparented was not seen under its parent: a daemon, not an orphan', () => {
    const l = new Lineage();
    const child = proc({ pid: 21, ppid: 20, ageSeconds: 0 });
    l.update([proc({ pid: 20, ppid: 1 }), child], 0);
    l.update([{ ...child, ppid: 1 }], 1000);
    assert.equal(isOrphan({ ...child, ppid: 1 }, l.of(child)), false);
  });
  test('under init, in a session init did not start: an orphan even if Vigil never saw its parent', () => {
    const l = new Lineage();
    // Spawned by a tool (session 500) that died before Vigil started: never seen reparented.
    const leaked = proc({ pid: 31, ppid: 1, sid: 500, ttyNr: 0 });
    const service = proc({ pid: 40, ppid: 1, sid: 40, ttyNr: 0 }); // setsid by init: its own session
    const initChild = proc({ pid: 41, ppid: 1, sid: 1, ttyNr: 0 }); // shares init's session
    const kernelSession = proc({ pid: 42, ppid: 1, sid: 0, ttyNr: 0 }); // started before any session
    l.update([leaked, service, initChild, kernelSession], 0);
    assert.equal(isOrphan(leaked, l.of(leaked)), true);
    assert.equal(isOrphan(service, l.of(service)), false);
    assert.equal(isOrphan(initChild, l.of(initChild)), false);
    assert.equal(isOrphan(kernelSession, l.of(kernelSession)), false);
    // The session's leader (the user's shell) still lives: the process in between died all the
    // same (it is under init, not under its session's leader), so it is an orphan too.
    const leader = proc({ pid: 500, ppid: 1, sid: 500 });
    l.update([leaked, leader], 1000);
    assert.equal(isOrphan(leaked, l.of(leaked)), true);
    // A systemd service is never one, whoever its parent is.
    assert.equal(isOrphan(leaked, l.of(leaked), 'service'), false);
  });
});

describe('cmdline normalisation', () => {
  test('interpreter versions, ports, numbers, ids and temp dirs are folded', () => {
    const cases: [string, string][] = [
      ['/usr/bin/python3.11 /tmp/tmpx81/mcp_server.py --port 8123', 'python <tmp>/mcp_server.py --port <n>'],
      ['python3 /tmp/tmpk2/mcp_server.py --port=9000', 'python <tmp>/mcp_server.py --port=<v>'],
      ['node /srv/a/server.js --session-id 0f3c2a9b1d', 'node /srv/a/server.js --session-id <id>'],
      ['node server.js 127.0.0.1:40123', 'node server.js 127.0.0.1:<n>'],
      ['/usr/lib/x/bin/worker c1b2e3f4-0000-4000-8000-123456789abc', 'worker <id>'],
    ];
    for (const [input, want] of cases) assert.equal(normalizeCmdline(input), want, input);
    assert.equal(normalizeCmdline(''), '');
    assert.notEqual(
      normalizeCmdline('python3 /srv/a/server.py'),
      normalizeCmdline('python3 /srv/b/server.py'),
    );
  });
});

describe('suggested commands', () => {
  test('explicit sorted pids, never PID 1, nonsense or a process group', () => {
    assert.equal(killPids([30, 10, 20, 10, 1, 0, -5]), 'kill -TERM 10 20 30');
    assert.equal(killPids([1]), null);
    assert.equal(killPids([7], 'CHLD'), 'kill -CHLD 7');
    assert.throws(() => killPids([7], 'TERM; rm -rf /'));
    // SPEC §7: explicit pids even when the subject is a whole process group (a group may gain a
    // member between the look and the paste; the storm rules' test covers the alerts themselves).
    assert.doesNotMatch(killPids([5, 6, 7])!, /-- -/);
    assert.equal(duMount('/a b'), "du -xh --max-depth=1 '/a b' 2>/dev/null | sort -h | tail -n 15");
  });
});

describe('globs', () => {
  test('name, whole cmdline or executable basename', () => {
    assert.ok(globToRegExp('dbus*').test('dbus-daemon'));
    assert.ok(!globToRegExp('dbus*').test('xdbus'));
    assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
    assert.ok(globToRegExp('[ab]c').test('bc'));
    const m = ignoreMatcher(['*mcp_server.py*', 'postgres']);
    assert.ok(m('python3', 'python3 /x/mcp_server.py'));
    assert.ok(m('postgres', ''));
    assert.ok(m('x', '/usr/lib/postgresql/bin/postgres -D /d'));
    assert.ok(!m('python3', 'python3 other.py'));
    assert.ok(!ignoreMatcher([])('a', 'b'));
  });
});

describe('AI tools', () => {
  test('found by comm, executable, script or package path', () => {
    assert.equal(aiToolOf({ name: 'claude', cmdline: 'claude' }), 'claude');
    assert.equal(
      aiToolOf({ name: 'node', cmdline: 'node /usr/lib/node_modules/@openai/codex/bin/codex.js' }),
      'codex',
    );
    assert.equal(
      aiToolOf({ name: 'python3', cmdline: '/usr/bin/python3 /home/u/.local/bin/aider --model x' }),
      'aider',
    );
    assert.equal(aiToolOf({ name: 'node', cmdline: 'node /srv/app.js' }), null);
    assert.equal(aiToolOf({ name: 'bash', cmdline: 'bash' }), null);
  });
});

describe('trends', () => {
  const pts = (f: (i: number) => number, n = 60, dt = 10_000) =>
    seriesOf(Array.from({ length: n }, (_, i) => ({ t: i * dt, v: f(i) })));
  test('linear fit and fill ETA', () => {
    const fit = linearFit(pts((i) => 100 - i))!;
    assert.ok(Math.abs(fit.slope * 10_000 + 1) < 1e-9);
    assert.equal(fit.r2, 1);
    const eta = fillEtaSecs(pts((i) => 1000 - 10 * i))!;
    // At the last point (i = 59) 410 remain, 1 per second → 410 s.
    assert.ok(Math.abs(eta.etaSecs - 410) < 1e-6);
    assert.equal(fillEtaSecs(pts((i) => 1000 + i)), null);
  });
  test('near-monotonic growth: noise and one GC drop tolerated, sawtooth and two big drops rejected', () => {
    assert.ok(growthVerdict(pts((i) => 100 + 2 * i + ((i * 7) % 3)))!.nearMonotonic);
    const gc = growthVerdict(pts((i) => 100 + 3 * i - (i >= 30 ? 40 : 0)))!;
    assert.equal(gc.bigDrops, 1);
    assert.ok(gc.nearMonotonic);
    assert.ok(
      !growthVerdict(pts((i) => 100 + 3 * i - (i >= 20 ? 40 : 0) - (i >= 40 ? 40 : 0)))!.nearMonotonic,
    );
    assert.ok(!growthVerdict(pts((i) => 100 + (i % 10) * 20))!.nearMonotonic);
    assert.ok(!growthVerdict(pts(() => 100))!.nearMonotonic);
    assert.equal(growthVerdict(pts((i) => i, 3)), null);
  });
  test('the RSS series stays bounded at any tick rate and forgets processes that are gone', () => {
    const s = new RssSeries();
    const p = proc({ pid: 5, rssBytes: MiB });
    for (let i = 0; i < 8000; i++) s.update([{ ...p, rssBytes: MiB * (1 + i) }], i * 100, 600_000);
    const { t, v } = s.get(p);
    assert.equal(t.length, v.length);
    assert.ok(t.length <= RSS_POINTS_PER_WINDOW + 3, `bounded: ${t.length}`);
    assert.ok(t[t.length - 1]! - t[0]! >= 600_000 * 0.9);
    assert.equal(v[v.length - 1], MiB * 8000, 'the newest value is kept');
    s.update([], 800_000, 600_000);
    assert.equal(s.size, 0);
  });
});

describe('baselines', () => {
  test('mean and stddev per hour; one sample per minute', () => {
    const b = new Baselines(() => 7);
    for (let i = 0; i < 40; i++) b.learn('cpu_percent', i % 2 ? 10 : 20, i * 60_000);
    b.learn('cpu_percent', 1000, 40 * 60_000 - 1); // within the same minute: ignored
    const c = b.judgeable('cpu_percent', 0)!;
    assert.equal(c.count, 40);
    assert.equal(c.mean, 15);
    assert.ok(Math.abs(cellStddev(c) - 5.06) < 0.01);
    assert.equal(new Baselines(() => 7).judgeable('cpu_percent', 0), null);
  });
});
