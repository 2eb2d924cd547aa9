import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertEvent, ProcessSnapshot, Snapshot } from '../../src/core/types.ts';
import { DUPLICATE_FOR_TICKS } from '../../src/rules/groups.ts';
import { fired, GiB, harness, MiB, memory, proc, resolved, snap } from './rules-fixtures.ts';

const init = proc({ pid: 1, ppid: 0, name: 'init', cmdline: '/sbin/init' });
const list = (...ps: ProcessSnapshot[]) => snap({ processes: [init, ...ps] });

/**
 * Tick the same snapshot until a duplicate/storm condition has held DUPLICATE_FOR_TICKS
 * intervals (pending on the first tick, firing on the 1 + DUPLICATE_FOR_TICKS-th); all events.
 */
function hold(h: ReturnType<typeof harness>, s: Snapshot, ticks = DUPLICATE_FOR_TICKS + 1): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (let i = 0; i < ticks; i++) out.push(...h.tick(s));
  return out;
}

describe('zombie', () => {
  test('fires after zombie_timeout_secs, one alert per parent naming the parent first; reaping resolves it', () => {
    const h = harness((c) => {
      c.thresholds.zombie_timeout_secs = 20;
    });
    const parent = proc({ pid: 500, ppid: 1, name: 'leaky', cmdline: 'leaky --serve' });
    const z = (pid: number) => proc({ pid, ppid: 500, name: 'child', cmdline: '', state: 'Z' });
    for (let i = 0; i < 4; i++) assert.deepEqual(fired(h.tick(list(parent, z(501), z(502)))), []);
    const ev = fired(h.tick(list(parent, z(501), z(502))), 'zombie');
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0]!.alert.subject.pids, [500, 501, 502]);
    assert.equal(ev[0]!.alert.suggestedCommand, 'kill -CHLD 500');
    assert.match(ev[0]!.alert.message, /2 zombie process\(es\) of leaky \(pid 500\)/);
    assert.equal(ev[0]!.alert.severity, 'medium');
    h.tick(list(parent));
    assert.equal(resolved(h.tick(list(parent)), 'zombie').length, 1);
  });
  test('a zombie whose parent is init gets no signal suggestion; a fresh zombie does not fire', () => {
    const h = harness((c) => {
      c.thresholds.zombie_timeout_secs = 5;
    });
    const z = proc({ pid: 600, ppid: 1, state: 'Z', cmdline: '' });
    h.tick(list(z));
    const ev = fired(h.tick(list(z)), 'zombie');
    assert.equal(ev[0]!.alert.suggestedCommand, null);
    const h2 = harness((c) => {
      c.thresholds.zombie_timeout_secs = 300;
    });
    for (let i = 0; i < 10; i++) assert.deepEqual(h2.tick(list(z)), []);
  });
});

describe('orphan_cpu', () => {
  const shell = proc({ pid: 100, ppid: 1, name: 'bash', cmdline: '-bash', ttyNr: 34816, sid: 100 });
  test('a busy process seen reparented to init fires; CPU hysteresis; resolves when idle', () => {
    const h = harness();
    const child = (ppid: number, cpu: number) =>
      proc({
        pid: 101,
        ppid,
        name: 'crunch',
        cmdline: 'python3 crunch.py',
        cpuPercent: cpu,
        sid: 100,
        ttyNr: 0,
        ageSeconds: 0,
      });
    h.tick(list(shell, child(100, 50)));
    h.tick(list(shell, child(100, 50)));
    assert.equal(h.firing('orphan_cpu').length, 0, 'not an orphan while its parent lives');
    // Busy for ORPHAN_CPU_FOR_TICKS intervals (3 × 5 s) before it fires: a burst is not enough.
    for (let i = 0; i < 3; i++) assert.deepEqual(fired(h.tick(list(child(1, 50)))), [], `tick ${i}`);
    const ev = fired(h.tick(list(child(1, 50))), 'orphan_cpu');
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0]!.alert.subject.pids, [101]);
    assert.equal(ev[0]!.alert.suggestedCommand, 'kill -TERM 101');
    assert.match(ev[0]!.alert.message, /its parent bash \(pid 100\) is gone/);
    h.tick(list(child(1, 7)));
    h.tick(list(child(1, 7)));
    assert.equal(h.firing('orphan_cpu').length, 1, '7 % is above the 5 % clear level');
    h.tick(list(child(1, 1)));
    assert.equal(resolved(h.tick(list(child(1, 1))), 'orphan_cpu').length, 1);
  });
  test('a short burst of an orphan does not fire', () => {
    const h = harness();
    const p = (cpu: number) =>
      proc({ pid: 700, ppid: 1, name: 'x', cmdline: 'x', ttyNr: 34817, sid: 650, cpuPercent: cpu });
    for (const cpu of [50, 50, 1, 50, 50, 1, 50]) h.tick(list(p(cpu)));
    assert.equal(h.firing('orphan_cpu').length, 0);
  });
  test('Vigil itself and its ancestors are never subjects', () => {
    const h = harness();
    const me = process.pid;
    const shell = proc({
      pid: me + 100000,
      ppid: 1,
      name: 'bash',
      cmdline: 'bash',
      ttyNr: 34816,
      sid: 5,
      cpuPercent: 90,
    });
    const self = proc({ pid: me, ppid: shell.pid, name: 'node', cmdline: 'node vigil', cpuPercent: 90 });
    for (let i = 0; i < 5; i++) h.tick(list(shell, self));
    assert.equal(h.firing('orphan_cpu').length, 0);
  });
  test('services started by init are not orphans, even busy; a daemon double fork is not either', () => {
    const h = harness();
    const daemon = proc({
      pid: 200,
      ppid: 1,
      name: 'sshd',
      cmdline: '/usr/sbin/sshd',
      cpuPercent: 80,
      sid: 200,
    });
    const forked = proc({
      pid: 300,
      ppid: 299,
      name: 'd',
      cmdline: 'd',
      cpuPercent: 80,
      ageSeconds: 0,
      sid: 299,
    });
    const parent = proc({ pid: 299, ppid: 1, name: 'd', cmdline: 'd', sid: 299 });
    h.tick(list(daemon, parent, forked));
    // The next sample already sees it under init (the double fork happened between samples).
    for (let i = 0; i < 3; i++) h.tick(list(daemon, { ...forked, ppid: 1 }));
    assert.equal(h.firing('orphan_cpu').length, 0);
  });
  test('a process with a terminal under init (not a session leader) is an orphan from the first sight', () => {
    const h = harness();
    const p = proc({
      pid: 700,
      ppid: 1,
      name: 'node',
      cmdline: 'node srv.js',
      ttyNr: 34817,
      sid: 650,
      cpuPercent: 40,
    });
    const getty = proc({
      pid: 701,
      ppid: 1,
      name: 'agetty',
      cmdline: '/sbin/agetty tty1',
      ttyNr: 1025,
      sid: 701,
      cpuPercent: 40,
    });
    for (let i = 0; i < 3; i++) h.tick(list(p, getty));
    const ev = fired(h.tick(list(p, getty)), 'orphan_cpu');
    assert.deepEqual(
      ev.map((e) => e.alert.subject.pids[0]),
      [700],
    );
  });
});

function mcp(
  pid: number,
  ppid: number,
  rss = 200 * MiB,
  extra: Partial<ProcessSnapshot> = {},
): ProcessSnapshot {
  return proc({
    pid,
    ppid,
    pgid: ppid,
    sid: 50,
    name: 'python3',
    cmdline: `/usr/bin/python3.11 /tmp/tmpab${pid}/mcp_server.py --port ${9000 + pid}`,
    rssBytes: rss,
    ...extra,
  });
}

describe('duplicate_processes', () => {
  test('more than max_duplicate_processes identical commands (volatile args ignored) fire; at the threshold they do not', () => {
    const h = harness();
    const shell = proc({ pid: 40, ppid: 1, name: 'bash', cmdline: 'bash', sid: 40 });
    const workers = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        proc({
          pid: 41 + i,
          ppid: 40,
          sid: 40,
          name: 'worker',
          cmdline: `/opt/w/worker --id=${i} --job ${1000 + i}`,
          rssBytes: MiB,
        }),
      );
    assert.deepEqual(hold(h, list(shell, ...workers(5))), []);
    // Six copies must last DUPLICATE_FOR_TICKS intervals: pending first.
    assert.deepEqual(hold(h, list(shell, ...workers(6)), DUPLICATE_FOR_TICKS), []);
    const ev = fired(h.tick(list(shell, ...workers(6))), 'duplicate_processes');
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0]!.alert.subject.pids, [41, 42, 43, 44, 45, 46]);
    assert.equal(ev[0]!.alert.suggestedCommand, 'kill -TERM 42 43 44 45 46', 'keeps the oldest copy');
    assert.match(ev[0]!.alert.message, /^6 identical processes/);
    // Hysteresis: five copies (the threshold) keep it firing; four resolve it.
    hold(h, list(shell, ...workers(5)));
    assert.equal(h.firing('duplicate_processes').length, 1);
    assert.equal(resolved(hold(h, list(shell, ...workers(4)), 2), 'duplicate_processes').length, 1);
  });
  test('copies that come and go within DUPLICATE_FOR_TICKS intervals do not fire', () => {
    const h = harness();
    const ws = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        proc({ pid: 41 + i, ppid: 40, sid: 40, name: 'cc', cmdline: 'cc -c x.c' }),
      );
    for (let i = 0; i < 4; i++) {
      hold(h, list(...ws(7)), DUPLICATE_FOR_TICKS);
      h.tick(list(...ws(2)));
    }
    assert.equal(h.firing('duplicate_processes').length, 0);
  });
  test('worker pools under a live master, session leaders and init services are not duplicates', () => {
    const h = harness();
    const master = proc({ pid: 10, ppid: 1, name: 'nginx', cmdline: 'nginx: master process', sid: 10 });
    const pool = Array.from({ length: 8 }, (_, i) =>
      proc({ pid: 11 + i, ppid: 10, sid: 10, name: 'nginx', cmdline: 'nginx: worker process' }),
    );
    const tabs = Array.from({ length: 8 }, (_, i) =>
      proc({ pid: 30 + i, ppid: 29, sid: 30 + i, name: 'zsh', cmdline: '-zsh', ttyNr: 34816 + i }),
    );
    const services = Array.from({ length: 8 }, (_, i) =>
      proc({ pid: 60 + i, ppid: 1, sid: 0, name: 'agent', cmdline: 'agent --uid 0' }),
    );
    assert.deepEqual(hold(h, list(master, ...pool, ...tabs, ...services)), []);
  });
  test('allowlist.ignore_commands suppresses the subject (glob on name or command line)', () => {
    for (const glob of ['worker', '*/w/worker*', 'wor?er']) {
      const h = harness((c) => {
        c.allowlist.ignore_commands = [glob];
      });
      const ws = Array.from({ length: 7 }, (_, i) =>
        proc({ pid: 41 + i, ppid: 40, sid: 40, name: 'worker', cmdline: '/opt/w/worker' }),
      );
      assert.deepEqual(hold(h, list(...ws)), [], glob);
    }
  });
});

describe('ghost_process_storm', () => {
  const node = proc({
    pid: 20,
    ppid: 19,
    pgid: 20,
    sid: 50,
    name: 'node',
    cmdline: 'node /home/dev/host.js',
    ttyNr: 0,
  });
  const servers = (n: number, ppid: number, rss = 200 * MiB) =>
    Array.from({ length: n }, (_, i) => mcp(21 + i, ppid, rss));

  test('identical servers under node: a storm; when node dies it names every pid and the remembered parent', () => {
    const h = harness();
    // 7 × 200 MiB = 1.4 GiB of 16 GiB (8.75 % > 5 %). Descendants of node count while it lives.
    const first = fired(hold(h, list(node, ...servers(7, 20))), 'ghost_process_storm');
    assert.equal(first.length, 1);
    // The seed's hint is in the message itself, so every notification carries it.
    assert.match(
      first[0]!.alert.message,
      /started by node \(pid 20\) — probably MCP servers not terminated by the AI coding tool \(Claude Code, Codex…\) or Node program that started them: pids/,
    );
    h.tick(list(node, ...servers(7, 20)));
    // The parent dies: same alert (same id, no new event), message updated from the lineage memory.
    assert.deepEqual(h.tick(list(...servers(7, 1))), []);
    const a = h.analyzer.active().find((x) => x.rule === 'ghost_process_storm')!;
    assert.equal(a.id, first[0]!.alert.id);
    assert.equal(a.severity, 'high');
    assert.deepEqual(a.subject.pids, [21, 22, 23, 24, 25, 26, 27]);
    assert.equal(a.suggestedCommand, 'kill -TERM 21 22 23 24 25 26 27');
    assert.match(a.message, /7 identical processes .*mcp_server\.py.* started by node \(pid 20, exited\)/);
    // Not also reported as plain duplicates.
    assert.equal(h.firing('duplicate_processes').length, 0);
  });
  test('orphans (their parent, not node, died) are ghosts too', () => {
    const h = harness();
    const sh = proc({ pid: 20, ppid: 19, sid: 50, name: 'bash', cmdline: 'bash run.sh' });
    hold(h, list(sh, ...servers(7, 20)));
    assert.equal(h.firing('ghost_process_storm').length, 0, 'under a live shell: plain duplicates');
    assert.equal(h.firing('duplicate_processes').length, 1);
    const ev = fired(hold(h, list(...servers(7, 1))), 'ghost_process_storm');
    assert.equal(ev.length, 1);
    assert.match(ev[0]!.alert.message, /a parent that is gone, bash \(pid 20, exited\)/);
  });
  test('the whole process group as subject: still explicit pids (a group may gain members before the paste)', () => {
    const h = harness();
    const ghosts = Array.from({ length: 6 }, (_, i) => mcp(81 + i, 80, 250 * MiB, { pgid: 80 }));
    const leader = proc({ pid: 80, ppid: 70, pgid: 80, sid: 50, name: 'claude', cmdline: 'claude' });
    hold(h, list(leader, ...ghosts));
    const gone = ghosts.map((g) => ({ ...g, ppid: 1 }));
    // The claude process (the group leader) is gone: the group is exactly the six servers.
    const ev = fired(hold(h, list(...gone)), 'ghost_process_storm');
    const storm = ev[0] ?? { alert: h.analyzer.active().find((x) => x.rule === 'ghost_process_storm')! };
    assert.equal(storm.alert.suggestedCommand, 'kill -TERM 81 82 83 84 85 86');
    assert.match(
      storm.alert.message,
      /the AI tool claude \(pid 80, exited\) — probably MCP servers not terminated by Claude Code: pids/,
    );
  });
  test('descendants of a live AI tool count too (by remembered lineage through a shell)', () => {
    const h = harness();
    const claude = proc({
      pid: 5,
      ppid: 1,
      sid: 5,
      name: 'claude',
      cmdline: 'node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js',
    });
    const sh = proc({ pid: 6, ppid: 5, sid: 5, name: 'sh', cmdline: 'sh -c uvx srv' });
    const ev = fired(hold(h, list(claude, sh, ...servers(6, 6))), 'ghost_process_storm');
    assert.equal(ev.length, 1);
    assert.match(ev[0]!.alert.message, /the AI tool claude \(pid 5\)/);
  });
  test('under 5 % of RAM, or not more than max_duplicate_processes: no storm', () => {
    const h = harness();
    h.tick(list(node, ...servers(7, 20, 100 * MiB)));
    hold(h, list(...servers(7, 1, 100 * MiB))); // 700 MiB of 16 GiB = 4.3 %
    assert.equal(h.firing('ghost_process_storm').length, 0);
    assert.equal(h.firing('duplicate_processes').length, 1, 'still plain duplicates');
    const h2 = harness();
    h2.tick(list(node, ...servers(5, 20, GiB)));
    assert.deepEqual(hold(h2, list(...servers(5, 1, GiB))), []);
  });
  test('a lower total RAM makes the same processes a storm (the 5 % is of total RAM)', () => {
    const h = harness();
    hold(h, snap({ processes: [init, node, ...servers(6, 20, 100 * MiB)] }));
    assert.equal(h.firing('ghost_process_storm').length, 0); // 600 MiB of 16 GiB = 3.7 %
    hold(h, snap({ memory: memory(30, 8 * GiB), processes: [init, ...servers(6, 1, 100 * MiB)] }));
    assert.equal(h.firing('ghost_process_storm').length, 1); // 600 MiB of 8 GiB = 7.3 %
  });
  test('identical processes of an unrelated live parent are not ghosts', () => {
    const h = harness();
    const make = proc({ pid: 20, ppid: 19, sid: 50, name: 'make', cmdline: 'make -j8' });
    const ev = hold(h, list(make, ...servers(7, 20, 500 * MiB)));
    assert.equal(fired(ev, 'ghost_process_storm').length, 0);
  });
  test('resolves once the servers are gone', () => {
    const h = harness();
    hold(h, list(node, ...servers(7, 20)));
    h.tick(list(...servers(7, 1)));
    assert.equal(h.firing('ghost_process_storm').length, 1);
    h.tick(list());
    assert.equal(resolved(h.tick(list()), 'ghost_process_storm').length, 1);
  });
});

describe('memory_leak', () => {
  const leaky = (rss: number) =>
    proc({ pid: 900, ppid: 1, name: 'leaker', cmdline: 'leaker --serve', rssBytes: rss });

  test('near-monotonic growth over leak_window_secs beyond leak_min_growth_mb fires, with noise and one GC drop', () => {
    const h = harness((c) => {
      c.thresholds.leak_window_secs = 600;
      c.thresholds.leak_min_growth_mb = 100;
    });
    let firedAt = -1;
    // 10 s ticks, +3 MiB per tick (180 MiB per 10 min), ±1 MiB noise, one 30 MiB GC drop.
    for (let i = 0; i <= 70; i++) {
      const noise = (i % 3) - 1;
      const gc = i >= 30 ? -30 : 0;
      const ev = fired(
        h.tick(snap({ processes: [init, leaky((200 + 3 * i + noise + gc) * MiB)] }), 10_000),
        'memory_leak',
      );
      if (ev.length) {
        firedAt = i;
        assert.deepEqual(ev[0]!.alert.subject.pids, [900]);
        assert.equal(ev[0]!.alert.suggestedCommand, 'kill -TERM 900');
        assert.match(ev[0]!.alert.message, /leaker --serve \(pid 900\) grew by/);
        break;
      }
    }
    assert.ok(
      firedAt >= 54 && firedAt <= 62,
      `fires after about the window, not before (at tick ${firedAt})`,
    );
  });
  test('growth under leak_min_growth_mb, a sawtooth, or a plateau does not fire', () => {
    const cases: [string, (i: number) => number][] = [
      ['slow', (i) => 200 + 0.5 * i],
      ['sawtooth', (i) => 200 + (i % 10) * 30],
      ['plateau', (i) => 500 + ((i * 7) % 5)],
    ];
    for (const [name, f] of cases) {
      const h = harness();
      for (let i = 0; i < 90; i++) h.tick(snap({ processes: [init, leaky(f(i) * MiB)] }), 10_000);
      assert.equal(h.firing('memory_leak').length, 0, name);
    }
  });
  test('resolves when the process is gone; a reused pid starts a new series', () => {
    const h = harness((c) => {
      c.thresholds.leak_window_secs = 60;
      c.thresholds.leak_min_growth_mb = 10;
    });
    for (let i = 0; i < 10; i++) h.tick(snap({ processes: [init, leaky((100 + 5 * i) * MiB)] }), 10_000);
    assert.equal(h.firing('memory_leak').length, 1);
    const reused = { ...leaky(500 * MiB), startTicks: 123456 };
    h.tick(snap({ processes: [init, reused] }), 10_000);
    const ev = h.tick(snap({ processes: [init, reused] }), 10_000);
    assert.equal(resolved(ev, 'memory_leak').length, 1);
    assert.equal(h.firing('memory_leak').length, 0);
  });
  test('ignore_commands suppresses it', () => {
    const h = harness((c) => {
      c.thresholds.leak_window_secs = 60;
      c.thresholds.leak_min_growth_mb = 10;
      c.allowlist.ignore_commands = ['leaker'];
    });
    for (let i = 0; i < 10; i++) h.tick(snap({ processes: [init, leaky((100 + 5 * i) * MiB)] }), 10_000);
    assert.equal(h.firing('memory_leak').length, 0);
  });
});

describe('alerts in French', () => {
  test('messages follow general.language', () => {
    const h = harness((c) => {
      c.general.language = 'fr';
    });
    const ev = fired(
      h.tick(snap({ memory: { ...memory(10), swapTotalBytes: GiB, swapUsedBytes: 0.8 * GiB } })),
    );
    assert.match(ev[0]!.alert.message, /^swap utilisé à 80\.0%/);
  });
});
