// The thresholds, cgroups, sustained leaks, the daemon's memory and the one-shot look, on
// synthetic snapshots (the real-process scenarios are in test/scenario/).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { ProcessSnapshot, Snapshot } from '../../src/core/types.ts';
import { HistoryRing } from '../../src/engine/history.ts';
import { type CgroupInfo, cgroupPathOf, classifyCgroup } from '../../src/proc/cgroup.ts';
import { createAnalyzer } from '../../src/rules/index.ts';
import { rememberedAncestors } from '../../src/rules/memory.ts';
import { createOneShotAnalyzer, DURATION_RULES } from '../../src/rules/oneshot.ts';
import { sustainedGrowth } from '../../src/rules/trend.ts';
import { fired, GiB, harness, MiB, memory, proc, snap } from './rules-fixtures.ts';

const init = proc({ pid: 1, ppid: 0, name: 'init', cmdline: '/sbin/init' });

/** `n` identical MCP servers of `rss` each, first pid 21, under `ppid`, with extra fields. */
function servers(
  n: number,
  ppid: number,
  rss: number,
  extra: Partial<ProcessSnapshot> = {},
): ProcessSnapshot[] {
  return Array.from({ length: n }, (_, i) =>
    proc({
      pid: 21 + i,
      ppid,
      sid: 50,
      name: 'python3',
      cmdline: `python3 /srv/mcp_server.py --port ${9000 + i}`,
      rssBytes: rss,
      ...extra,
    }),
  );
}

function holdFor(h: ReturnType<typeof harness>, s: Snapshot, ticks = 5) {
  return Array.from({ length: ticks }, () => h.tick(s)).flat();
}

describe('storm thresholds: the smaller of storm_min_ram_mb and storm_min_ram_percent', () => {
  const node = proc({ pid: 20, ppid: 19, sid: 50, name: 'node', cmdline: 'node host.js' });
  test('ten 300 MB servers are a storm on a 64 GB machine (1024 MB < 5 %)', () => {
    const h = harness();
    const s = (ps: ProcessSnapshot[]) => snap({ memory: memory(20, 64 * GiB), processes: [init, ...ps] });
    h.tick(s([node, ...servers(10, 20, 300 * MiB)]));
    const ev = fired(holdFor(h, s(servers(10, 1, 300 * MiB))), 'ghost_process_storm');
    assert.equal(ev.length, 1, '3 GB is 4.7 % of 64 GB, but above 1024 MB');
    assert.equal(ev[0]!.alert.subject.pids.length, 10);
  });
  test('each key moves the minimum: storm_min_ram_mb raised, storm_min_ram_percent lowered', () => {
    const mk = (mb: number, pct: number) =>
      harness((c) => {
        c.thresholds.storm_min_ram_mb = mb;
        c.thresholds.storm_min_ram_percent = pct;
      });
    const s = (ps: ProcessSnapshot[]) => snap({ memory: memory(20, 64 * GiB), processes: [init, ...ps] });
    // 8 × 300 MB = 2.3 GB of 64 GB (3.7 %).
    for (const [mb, pct, storm] of [
      [4096, 5, false], // min(4 GB, 3.2 GB) = 3.2 GB > 2.3 GB
      [4096, 3, true], // min(4 GB, 1.9 GB) = 1.9 GB < 2.3 GB
      [2048, 50, true], // 2 GB < 2.3 GB
    ] as const) {
      const h = mk(mb, pct);
      h.tick(s([node, ...servers(8, 20, 300 * MiB)]));
      holdFor(h, s(servers(8, 1, 300 * MiB)));
      assert.equal(h.firing('ghost_process_storm').length, storm ? 1 : 0, `${mb} MB, ${pct} %`);
    }
  });
});

describe('orphan_min_cpu_percent', () => {
  const orphan = (cpu: number) =>
    proc({ pid: 700, ppid: 1, sid: 650, name: 'python3', cmdline: 'python3 crunch.py', cpuPercent: cpu });
  test('an orphan at 6 % fires with the default 5 %; at 4 % it does not; configurable', () => {
    const six = harness();
    assert.equal(fired(holdFor(six, snap({ processes: [init, orphan(6)] })), 'orphan_cpu').length, 1);
    const four = harness();
    assert.equal(fired(holdFor(four, snap({ processes: [init, orphan(4)] })), 'orphan_cpu').length, 0);
    const strict = harness((c) => {
      c.thresholds.orphan_min_cpu_percent = 10;
    });
    assert.equal(fired(holdFor(strict, snap({ processes: [init, orphan(6)] })), 'orphan_cpu').length, 0);
  });
  test('a systemd service is never an orphan (its unit manages it)', () => {
    const h = harness();
    const svc = { ...orphan(60), cgroup: '/system.slice/crunch.service' };
    assert.equal(fired(holdFor(h, snap({ processes: [init, svc] })), 'orphan_cpu').length, 0);
  });
});

describe('cgroups: services, a user’s processes, containers', () => {
  const CASES: [string, CgroupInfo['kind'], string | null, string | null][] = [
    ['/system.slice/nginx.service', 'service', 'nginx.service', null],
    ['/user.slice/user-1000.slice/session-3.scope', 'user', 'session-3.scope', null],
    [
      '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-code-4242.scope',
      'user',
      'app-gnome-code-4242.scope',
      null,
    ],
    [
      '/user.slice/user-1000.slice/user@1000.service/app.slice/vte-spawn-0f.scope',
      'user',
      'vte-spawn-0f.scope',
      null,
    ],
    [
      '/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service',
      'service',
      'pipewire.service',
      null,
    ],
    ['/user.slice/user-1000.slice/user@1000.service/init.scope', 'service', 'init.scope', null],
    [
      '/system.slice/docker-0123456789abcdef0123456789abcdef.scope',
      'container',
      'docker-0123456789abcdef0123456789abcdef.scope',
      'docker 0123456789ab',
    ],
    ['/docker/0123456789abcdef0123456789abcdef', 'container', null, 'docker 0123456789ab'],
    [
      '/machine.slice/libpod-fedcba9876543210.scope/container',
      'container',
      'libpod-fedcba9876543210.scope',
      'podman fedcba987654',
    ],
    ['/', 'none', null, null],
    ['/process_api/84c3b219', 'none', null, null],
  ];
  test('the innermost unit decides', () => {
    for (const [path, kind, unit, container] of CASES) {
      const c = classifyCgroup(path);
      assert.deepEqual([c.kind, c.unit, c.container], [kind, unit, container], path);
    }
  });
  test('the path of a /proc/PID/cgroup text: systemd or unified hierarchy, not other controllers', () => {
    assert.equal(
      cgroupPathOf('9:name=systemd:/system.slice/x.service\n4:memory:/process_api/84c3\n0::/\n'),
      '/system.slice/x.service',
    );
    assert.equal(
      cgroupPathOf('9:name=systemd:/\n4:memory:/process_api/84c3\n0::/user.slice/app-x.scope\n'),
      '/user.slice/app-x.scope',
    );
    assert.equal(cgroupPathOf('9:name=systemd:/\n4:memory:/process_api/84c3\n0::/\n'), '/');
    assert.equal(cgroupPathOf('4:cpu:/docker/0123456789abcdef\n'), '/docker/0123456789abcdef');
    assert.equal(cgroupPathOf(''), '');
    // A hostile name is sanitised: no escape sequence survives.
    assert.doesNotMatch(cgroupPathOf('0::/user.slice/\u001b]52;c;evil\u0007x.scope\n'), /\u001b/);
  });
  test('detached copies (each its own session) under init in a user scope count; in a service they do not', () => {
    const detached = (cgroup: string) =>
      Array.from({ length: 8 }, (_, i) =>
        proc({
          pid: 21 + i,
          ppid: 1,
          sid: 21 + i,
          name: 'python3',
          cmdline: 'python3 /srv/mcp_server.py',
          rssBytes: 300 * MiB,
          cgroup,
        }),
      );
    const user = harness();
    holdFor(user, snap({ processes: [init, ...detached('/user.slice/user-1000.slice/session-2.scope')] }));
    assert.equal(user.firing('ghost_process_storm').length, 1, 'a user’s leftovers: a storm');
    const service = harness();
    holdFor(service, snap({ processes: [init, ...detached('/system.slice/mcp.service')] }));
    assert.equal(
      service.firing('ghost_process_storm').length + service.firing('duplicate_processes').length,
      0,
    );
    const unknown = harness();
    holdFor(unknown, snap({ processes: [init, ...detached('/')] }));
    assert.equal(
      unknown.firing('ghost_process_storm').length,
      0,
      'no unit information: lineage rules (services)',
    );
  });
  test('copies are grouped per container: one postgres in each of six containers is no duplicate', () => {
    const h = harness();
    const pg = (i: number, id: string) =>
      proc({
        pid: 100 + i,
        ppid: 90 + i,
        sid: 100 + i,
        name: 'postgres',
        cmdline: 'postgres -D /data',
        cgroup: `/docker/${id}`,
      });
    const shims = Array.from({ length: 6 }, (_, i) =>
      proc({ pid: 90 + i, ppid: 1, name: 'containerd-shim', cmdline: 'containerd-shim' }),
    );
    const ids = Array.from({ length: 6 }, (_, i) => `${i}${'a'.repeat(63)}`);
    holdFor(h, snap({ processes: [init, ...shims, ...ids.map((id, i) => pg(i, id))] }));
    assert.equal(h.firing('duplicate_processes').length, 0);
    // Seven copies inside one container: one alert, naming the container.
    const inOne = Array.from({ length: 7 }, (_, i) =>
      proc({
        pid: 200 + i,
        ppid: 199,
        sid: 199,
        name: 'worker',
        cmdline: 'python3 worker.py',
        cgroup: `/docker/${ids[0]}`,
      }),
    );
    const ev = fired(
      holdFor(
        h,
        snap({ processes: [init, proc({ pid: 199, ppid: 1, name: 'sh', cmdline: 'sh run' }), ...inOne] }),
      ),
      'duplicate_processes',
    );
    assert.equal(ev.length, 1);
    assert.match(ev[0]!.alert.message, /in container docker 0aaaaaaaaaaa/);
  });
});

describe('memory_leak needs sustained growth', () => {
  const p = (rss: number) => proc({ pid: 900, ppid: 1, name: 'app', cmdline: 'app --serve', rssBytes: rss });
  const tick = (h: ReturnType<typeof harness>, f: (i: number) => number) => {
    for (let i = 0; i < 80; i++) h.tick(snap({ processes: [init, p(f(i) * MiB)] }), 10_000);
  };
  test('a process that allocated once (at start-up) and then stayed flat does not fire', () => {
    const h = harness();
    // Under Vigil's eye: 300 MiB allocated over the first 40 s, then flat for the rest.
    tick(h, (i) => (i < 4 ? 100 + 75 * i : 400));
    assert.equal(h.firing('memory_leak').length, 0);
  });
  test('a slow real leak fires: growth in every sub-interval, still growing at the end', () => {
    const h = harness();
    tick(h, (i) => 100 + 2.5 * i);
    assert.equal(h.firing('memory_leak').length, 1);
  });
  test('sustainedGrowth counts the growing sub-intervals and the last one', () => {
    const series = (f: (i: number) => number) => ({
      t: Array.from({ length: 61 }, (_, i) => i * 10_000),
      v: Array.from({ length: 61 }, (_, i) => f(i)),
    });
    assert.deepEqual(
      sustainedGrowth(
        series((i) => i),
        1,
      ),
      { growing: 6, parts: 6, growingAtEnd: true, sustained: true },
    );
    const once = sustainedGrowth(
      series((i) => (i < 5 ? i * 10 : 50)),
      1,
    );
    assert.equal(once.growing, 1);
    assert.equal(once.sustained, false);
    const stopped = sustainedGrowth(
      series((i) => Math.min(i, 50)),
      1,
    );
    assert.deepEqual([stopped.growing, stopped.growingAtEnd, stopped.sustained], [5, false, false]);
  });
});

describe('the daemon remembers: zombies and lineage survive a restart', () => {
  test('a zombie’s first sight is restored, so its timer does not start over', () => {
    const clock = new FakeClock();
    const config = defaultConfig({ LANG: 'C' });
    const parent = proc({ pid: 500, ppid: 1, name: 'leaky', cmdline: 'leaky' });
    const z = proc({ pid: 501, ppid: 500, name: 'child', cmdline: '', state: 'Z' });
    const s = snap({ processes: [init, parent, z] });
    const before = createAnalyzer(config, { clock });
    before.analyze(s, new HistoryRing(2), clock.now());
    clock.tick(200_000);
    before.analyze(s, new HistoryRing(2), clock.now());
    const saved = JSON.parse(JSON.stringify(before.exportMemory(true)));
    assert.equal(before.exportMemory(), null, 'unchanged since the last export');
    // Restarted 200 s after the first sight; the zombie is 300 s old 100 s later, not 300 s later.
    const after = createAnalyzer(config, { clock });
    after.importMemory(saved);
    after.analyze(s, new HistoryRing(2), clock.now());
    clock.tick(101_000);
    const ev = fired(after.analyze(s, new HistoryRing(2), clock.now()), 'zombie');
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0]!.alert.subject.pids, [500, 501]);
  });
  test('servers started by node, node gone while the daemon was down: still a storm after the restart', () => {
    const clock = new FakeClock();
    const config = defaultConfig({ LANG: 'C' });
    const node = proc({ pid: 20, ppid: 19, sid: 20, name: 'node', cmdline: 'node host.js' });
    // Detached: each server leads its own session, so without memory they look like services.
    const srv = (ppid: number) => servers(7, ppid, 300 * MiB).map((p) => ({ ...p, sid: p.pid }));
    const a = createAnalyzer(config, { clock });
    a.analyze(snap({ processes: [init, node, ...srv(20)] }), new HistoryRing(2), clock.now());
    const saved = JSON.parse(JSON.stringify(a.exportMemory(true)));
    assert.ok(rememberedAncestors(saved, 21, 210)?.some((x) => x.name === 'node'));
    const b = createAnalyzer(config, { clock });
    b.importMemory(saved);
    const events = [];
    for (let i = 0; i < 5; i++) {
      clock.tick(5000);
      events.push(...b.analyze(snap({ processes: [init, ...srv(1)] }), new HistoryRing(2), clock.now()));
    }
    const ev = fired(events, 'ghost_process_storm');
    assert.equal(ev.length, 1);
    assert.match(ev[0]!.alert.message, /started by node \(pid 20, exited\) — probably MCP servers/);
    // Malformed memory is ignored, never thrown.
    const c = createAnalyzer(config, { clock });
    for (const bad of [
      null,
      1,
      'x',
      { version: 99 },
      { version: 1, lineage: [{ self: 1 }], zombies: [['x', -1]] },
    ])
      c.importMemory(bad);
  });
});

describe('one-shot look (vigil status)', () => {
  const look = (snaps: Snapshot[], memoryData?: unknown) => {
    const clock = new FakeClock();
    const a = createOneShotAnalyzer(defaultConfig({ LANG: 'C' }), { clock, memory: memoryData });
    const out = snaps.map((s) => {
      a.analyze(s, new HistoryRing(2), clock.now());
      clock.tick(1000);
      return a.active();
    });
    return { alerts: out.at(-1)!, notes: a.notes() };
  };
  test('one look fires duplicates and storms at once (seen in both samples), lists zombies, names what needs the daemon', () => {
    const sh = proc({ pid: 40, ppid: 1, sid: 40, name: 'bash', cmdline: 'bash' });
    const sleepers = Array.from({ length: 8 }, (_, i) =>
      proc({ pid: 41 + i, ppid: 40, sid: 40, name: 'sleep', cmdline: 'sleep 600' }),
    );
    const zombies = [60, 61, 62].map((pid) => proc({ pid, ppid: 40, name: 'z', cmdline: '', state: 'Z' }));
    // Leaked servers under init in the session of a live shell: their spawner died.
    const leaked = servers(12, 1, 120 * MiB, { sid: 40 });
    const s = snap({
      memory: memory(40, 16 * GiB),
      processes: [init, sh, ...sleepers, ...zombies, ...leaked],
    });
    const { alerts, notes } = look([s, s]);
    assert.deepEqual(alerts.map((a) => a.rule).sort(), ['duplicate_processes', 'ghost_process_storm']);
    assert.equal(alerts.find((a) => a.rule === 'ghost_process_storm')!.subject.pids.length, 12);
    assert.deepEqual(
      notes.zombies.map((z) => [z.pid, z.ppid, z.parent, z.firstSeen]),
      [
        [60, 40, 'bash', null],
        [61, 40, 'bash', null],
        [62, 40, 'bash', null],
      ],
    );
    assert.deepEqual(notes.needsDaemon, [...DURATION_RULES]);
    assert.ok(!alerts.some((a) => a.rule === 'zombie'), 'a zombie’s duration needs the daemon');
  });
  test('copies seen in one sample only (a build starting them) are not a group', () => {
    const sh = proc({ pid: 40, ppid: 1, sid: 40, name: 'bash', cmdline: 'bash' });
    const copies = (base: number) =>
      Array.from({ length: 8 }, (_, i) =>
        proc({ pid: base + i, ppid: 40, sid: 40, name: 'cc', cmdline: 'cc -c x.c' }),
      );
    const { alerts } = look([
      snap({ processes: [init, sh, ...copies(100)] }),
      snap({ processes: [init, sh, ...copies(200)] }),
    ]);
    assert.deepEqual(alerts, []);
  });
  test('a duration rule whose condition holds now is pending, not firing; a busy orphan over the window fires', () => {
    const orphan = proc({
      pid: 700,
      ppid: 1,
      sid: 650,
      name: 'python3',
      cmdline: 'python3 spin.py',
      cpuPercent: 6.5,
    });
    const s = snap({ memory: memory(95), processes: [init, orphan] });
    const { alerts, notes } = look([{ ...s, processes: [init, { ...orphan, cpuPercent: null }] }, s]);
    assert.deepEqual(
      alerts.map((a) => a.rule),
      ['orphan_cpu'],
    );
    assert.deepEqual(
      notes.pending.map((p) => [p.rule, p.what, p.forSecs]),
      [['ram_high', 'RAM 95.0% used', 30]],
    );
  });
  test('with the daemon’s memory a zombie’s age is known, and the zombie rule fires', () => {
    const clock = new FakeClock();
    const config = defaultConfig({ LANG: 'C' });
    const parent = proc({ pid: 500, ppid: 1, name: 'leaky', cmdline: 'leaky' });
    const s = snap({
      processes: [init, parent, proc({ pid: 501, ppid: 500, name: 'c', cmdline: '', state: 'Z' })],
    });
    const daemon = createAnalyzer(config, { clock });
    daemon.analyze(s, new HistoryRing(2), clock.now());
    const memoryData = JSON.parse(JSON.stringify(daemon.exportMemory(true)));
    const a = createOneShotAnalyzer(config, {
      clock: new FakeClock(clock.now() + 400_000),
      memory: memoryData,
    });
    const later = { ...s, time: new Date(clock.now() + 400_000).toISOString() };
    a.analyze(later, new HistoryRing(2), clock.now() + 400_000);
    a.analyze(later, new HistoryRing(2), clock.now() + 401_000);
    assert.deepEqual(
      a.active().map((x) => x.rule),
      ['zombie'],
    );
    assert.equal(a.notes().zombies[0]!.firstSeen, new Date(clock.now()).toISOString());
  });
});
