import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KernelEvent } from '../../src/core/types.ts';
import { BASELINE_MIN_SAMPLES, BASELINE_SAMPLE_MS } from '../../src/rules/baseline.ts';
import { BASELINE_FOR_SECS } from '../../src/rules/baseline_anomaly.ts';
import { OOM_HOLD_MS } from '../../src/rules/oom_kill.ts';
import { disk, fired, GiB, harness, memory, resolved, snap } from './rules-fixtures.ts';

describe('ram_high', () => {
  test('fires only after ram_for_secs above the warn threshold, then escalates and resolves with hysteresis', () => {
    const h = harness();
    const high = snap({ memory: memory(85) });
    // ram_for_secs = 30: pending at 0, 5 … 25 s, firing at 30 s.
    for (let i = 0; i < 6; i++) assert.deepEqual(fired(h.tick(high)), [], `tick ${i} must stay pending`);
    const ev = fired(h.tick(high), 'ram_high');
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.alert.severity, 'high');
    assert.equal(ev[0]!.alert.since, new Date(h.clock.now() - 5000).toISOString());
    assert.match(ev[0]!.alert.message, /RAM 85\.0% used/);
    assert.match(ev[0]!.alert.suggestedCommand ?? '', /^vigil explain \d+$/);
    // Above critical: the same alert escalates (one more fired event, same id).
    const esc = fired(h.tick(snap({ memory: memory(95) })), 'ram_high');
    assert.equal(esc.length, 1);
    assert.equal(esc[0]!.alert.severity, 'critical');
    assert.equal(esc[0]!.alert.id, ev[0]!.alert.id);
    // 78 % is under warn (80) but inside the 5-point hysteresis band: still firing.
    for (let i = 0; i < 4; i++) assert.deepEqual(h.tick(snap({ memory: memory(78) })), []);
    assert.equal(h.firing('ram_high').length, 1);
    // 70 %: absent for two ticks → resolved once.
    assert.deepEqual(h.tick(snap({ memory: memory(70) })), []);
    const res = resolved(h.tick(snap({ memory: memory(70) })), 'ram_high');
    assert.equal(res.length, 1);
    assert.equal(res[0]!.alert.state, 'resolved');
    assert.equal(h.firing('ram_high').length, 0);
  });

  test('a dip under the threshold before ram_for_secs restarts the wait', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.tick(snap({ memory: memory(85) }));
    h.tick(snap({ memory: memory(50) }));
    for (let i = 0; i < 6; i++) assert.deepEqual(fired(h.tick(snap({ memory: memory(85) }))), []);
    assert.equal(fired(h.tick(snap({ memory: memory(85) })), 'ram_high').length, 1);
  });
});

describe('swap_high', () => {
  const swap = (pct: number) => ({
    ...memory(20),
    swapTotalBytes: 4 * GiB,
    swapUsedBytes: (4 * GiB * pct) / 100,
  });
  test('fires above swap_warn_percent at once, holds in the band, resolves under it', () => {
    const h = harness();
    assert.deepEqual(h.tick(snap({ memory: swap(40) })), []);
    assert.equal(fired(h.tick(snap({ memory: swap(60) })), 'swap_high').length, 1);
    h.tick(snap({ memory: swap(47) }));
    h.tick(snap({ memory: swap(47) }));
    assert.equal(h.firing('swap_high').length, 1);
    h.tick(snap({ memory: swap(30) }));
    assert.equal(resolved(h.tick(snap({ memory: swap(30) })), 'swap_high').length, 1);
  });
  test('no swap configured: never fires', () => {
    const h = harness();
    assert.deepEqual(h.tick(snap({ memory: { ...memory(20), swapTotalBytes: 0, swapUsedBytes: 0 } })), []);
  });
});

describe('load_high', () => {
  test('fires after load_for_secs above factor × cores', () => {
    const h = harness((c) => {
      c.thresholds.load_for_secs = 20;
    });
    const busy = snap({ cpu: { ...snap().cpu, cores: 2, load1: 4.5 } });
    for (let i = 0; i < 4; i++) assert.deepEqual(fired(h.tick(busy)), []);
    const ev = fired(h.tick(busy), 'load_high');
    assert.equal(ev.length, 1);
    assert.match(ev[0]!.alert.message, /load 4\.50 above 4\.0/);
    // 3.8 is under the limit (4) but above 90 % of it: still firing.
    h.tick(snap({ cpu: { ...snap().cpu, load1: 3.8 } }));
    h.tick(snap({ cpu: { ...snap().cpu, load1: 3.8 } }));
    assert.equal(h.firing('load_high').length, 1);
    h.tick(snap({ cpu: { ...snap().cpu, load1: 1 } }));
    assert.equal(resolved(h.tick(snap({ cpu: { ...snap().cpu, load1: 1 } })), 'load_high').length, 1);
  });
  test('exactly at the limit does not fire', () => {
    const h = harness((c) => {
      c.thresholds.load_for_secs = 0;
    });
    assert.deepEqual(h.tick(snap({ cpu: { ...snap().cpu, cores: 2, load1: 4 } })), []);
  });
});

describe('temperature_high', () => {
  test('CPU and each GPU over their max, with a 3 °C hysteresis', () => {
    const h = harness();
    const gpu = (c: number) => ({
      index: 0,
      vendor: 'nvidia',
      name: 'RTX',
      utilizationPercent: 90,
      memoryUsedBytes: 1,
      memoryTotalBytes: 2,
      temperatureC: c,
      processes: [{ pid: 4242, memoryBytes: 100 }],
    });
    const ev = fired(h.tick(snap({ cpu: { ...snap().cpu, temperatureC: 90 }, gpus: [gpu(85)] })));
    assert.deepEqual(ev.map((e) => e.alert.rule).sort(), ['temperature_high', 'temperature_high']);
    const g = ev.find((e) => e.alert.message.startsWith('GPU'))!;
    assert.deepEqual(g.alert.subject.pids, [4242]);
    h.tick(snap({ cpu: { ...snap().cpu, temperatureC: 83 }, gpus: [gpu(78)] }));
    h.tick(snap({ cpu: { ...snap().cpu, temperatureC: 83 }, gpus: [gpu(78)] }));
    assert.equal(h.firing('temperature_high').length, 2);
    h.tick(snap({ cpu: { ...snap().cpu, temperatureC: 60 }, gpus: [gpu(60)] }));
    assert.equal(
      resolved(h.tick(snap({ cpu: { ...snap().cpu, temperatureC: 60 }, gpus: [gpu(60)] }))).length,
      2,
    );
  });
  test('no sensors: silent', () => {
    const h = harness();
    assert.deepEqual(h.tick(snap()), []);
  });
});

describe('disk_low', () => {
  test('high under disk_min_free_percent, critical under the critical percent, inodes too; pseudo filesystems ignored', () => {
    const h = harness();
    const ev = h.tick(
      snap({
        disks: [
          disk({ mount: '/', freePercent: 8, freeBytes: 8 * GiB }),
          disk({ mount: '/data', freePercent: 3, freeBytes: 3 * GiB }),
          disk({ mount: '/home', freePercent: 50, inodesFreePercent: 4 }),
          disk({ mount: '/run', fsType: 'tmpfs', freePercent: 0 }),
          disk({ mount: '/snap/x', fsType: 'squashfs', freePercent: 0 }),
        ],
      }),
    );
    const by = new Map(fired(ev).map((e) => [`${e.alert.subject.mount}:${e.alert.severity}`, e.alert]));
    assert.deepEqual([...by.keys()].sort(), ['/:high', '/data:critical', '/home:critical']);
    assert.equal(
      by.get('/:high')!.suggestedCommand,
      'du -xh --max-depth=1 / 2>/dev/null | sort -h | tail -n 15',
    );
    assert.match(by.get('/home:critical')!.message, /inodes/);
  });
  test('the mount is shell-quoted in the suggestion; resolution needs 1 point of margin', () => {
    const h = harness();
    const d = (p: number) => snap({ disks: [disk({ mount: "/mnt/it's mine", freePercent: p })] });
    const ev = fired(h.tick(d(9)), 'disk_low');
    assert.equal(
      ev[0]!.alert.suggestedCommand,
      "du -xh --max-depth=1 '/mnt/it'\\''s mine' 2>/dev/null | sort -h | tail -n 15",
    );
    h.tick(d(10.5));
    h.tick(d(10.5));
    assert.equal(h.firing('disk_low').length, 1);
    h.tick(d(12));
    assert.equal(resolved(h.tick(d(12)), 'disk_low').length, 1);
  });
});

describe('disk_fill_eta', () => {
  test('a filesystem losing space steadily is predicted full within 24 h (after 10 min of history)', () => {
    const h = harness();
    const total = 100 * GiB;
    let free = 20 * GiB;
    let first: number | null = null;
    // 1 GiB per 10 minutes → 20 GiB last ~3.3 h.
    for (let i = 0; i < 20; i++) {
      const ev = fired(
        h.tick(
          snap({ disks: [disk({ mount: '/', totalBytes: total, freeBytes: free, freePercent: 20 })] }),
          60_000,
        ),
        'disk_fill_eta',
      );
      if (ev.length && first === null) {
        first = i;
        assert.match(ev[0]!.alert.message, /^\/ will be full in about/);
        assert.equal(ev[0]!.alert.severity, 'medium');
      }
      free -= GiB / 10;
    }
    assert.equal(first, 10, 'fires once 10 minutes of history exist');
  });
  test('flat or slowly shrinking filesystems (full in more than 24 h) stay silent', () => {
    const h = harness();
    let free = 50 * GiB;
    for (let i = 0; i < 30; i++) {
      h.tick(snap({ disks: [disk({ mount: '/', freeBytes: free })] }), 60_000);
      free -= 10 * 1024 ** 2; // 10 MiB/min: 50 GiB last ~85 h
    }
    assert.equal(h.firing('disk_fill_eta').length, 0);
  });
});

describe('oom_kill', () => {
  const oom = (pid: number, time: number): KernelEvent => ({
    time,
    source: 'kmsg',
    priority: 3,
    message: `Memory cgroup out of memory: Killed process ${pid} (python3)`,
    oom: { pid, name: 'python3', rssBytes: 200 * 1024 ** 2, cgroup: '/vigil-test' },
  });
  test('fires at once (critical) naming the victim, holds, then resolves after the hold time', () => {
    const h = harness();
    const ev = fired(h.tick(snap({ kernelEvents: [oom(777, h.clock.now())] }), 1000), 'oom_kill');
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.alert.severity, 'critical');
    assert.deepEqual(ev[0]!.alert.subject.pids, [777]);
    assert.match(ev[0]!.alert.message, /killed python3 \(pid 777, 200M\) in cgroup \/vigil-test/);
    // Events are not carried forward; the alert stays while held.
    h.tick(snap(), OOM_HOLD_MS - 3000);
    assert.equal(h.firing('oom_kill').length, 1);
    h.tick(snap(), 5000);
    // Past the hold time: gone for RESOLVE_AFTER_TICKS (2) ticks → resolved.
    assert.deepEqual(h.tick(snap()), []);
    const res = resolved(h.tick(snap()), 'oom_kill');
    assert.equal(res.length, 1);
  });
  test('two kills are two alerts; kernel lines without oom are ignored', () => {
    const h = harness();
    const plain: KernelEvent = { time: 1, source: 'kmsg', priority: 4, message: 'eth0 link up' };
    const ev = fired(h.tick(snap({ kernelEvents: [oom(1, 10), oom(2, 11), plain] })));
    assert.equal(ev.length, 2);
    assert.notEqual(ev[0]!.alert.id, ev[1]!.alert.id);
  });
});

describe('baseline_anomaly', () => {
  test('silent before enough samples; fires on a sustained z-score excursion; baselines round-trip', () => {
    const h = harness(
      () => {},
      () => 10,
    );
    const cpu = (u: number) => snap({ cpu: { ...snap().cpu, usagePercent: u } });
    // Learn BASELINE_MIN_SAMPLES - 1 samples (one per minute) around 10 %.
    for (let i = 0; i < BASELINE_MIN_SAMPLES - 1; i++) h.tick(cpu(8 + (i % 5)), BASELINE_SAMPLE_MS);
    // Not enough samples yet: even a huge value is not judged.
    for (let i = 0; i < 8; i++) assert.deepEqual(fired(h.tick(cpu(95), 60_000), 'baseline_anomaly'), []);
    // Restart from a fresh learner with exactly enough calm samples.
    const h2 = harness(
      () => {},
      () => 10,
    );
    for (let i = 0; i < BASELINE_MIN_SAMPLES; i++) h2.tick(cpu(8 + (i % 5)), BASELINE_SAMPLE_MS);
    const exported = h2.analyzer.exportBaselines();
    assert.equal(exported.version, 1);
    assert.equal(exported.metrics.cpu_percent![10]!.count, BASELINE_MIN_SAMPLES);
    // A short spike (under BASELINE_FOR_SECS) stays pending.
    h2.tick(cpu(90), 60_000);
    assert.deepEqual(fired(h2.tick(cpu(12), 60_000)), []);
    let firedAt = -1;
    for (let i = 0; i * 60 <= BASELINE_FOR_SECS + 60; i++) {
      if (fired(h2.tick(cpu(90), 60_000), 'baseline_anomaly').length) {
        firedAt = i;
        break;
      }
    }
    assert.equal(firedAt, BASELINE_FOR_SECS / 60);
    const a = h2.analyzer.active().find((x) => x.rule === 'baseline_anomaly')!;
    assert.equal(a.severity, 'low');
    assert.match(a.message, /CPU usage at 90\.0%, usually/);
    // The store can persist and restore the learned cells.
    const h3 = harness(
      () => {},
      () => 10,
    );
    h3.analyzer.importBaselines(JSON.parse(JSON.stringify(exported)));
    assert.deepEqual(h3.analyzer.exportBaselines().metrics.cpu_percent, exported.metrics.cpu_percent);
    h3.analyzer.importBaselines({ version: 2, metrics: {} });
    assert.deepEqual(h3.analyzer.exportBaselines().metrics.cpu_percent, exported.metrics.cpu_percent);
  });
  test('a value within the normal spread does not fire', () => {
    const h = harness(
      () => {},
      () => 3,
    );
    const cpu = (u: number) => snap({ cpu: { ...snap().cpu, usagePercent: u } });
    for (let i = 0; i < BASELINE_MIN_SAMPLES; i++) h.tick(cpu(i % 2 ? 30 : 50), BASELINE_SAMPLE_MS);
    for (let i = 0; i < 10; i++) h.tick(cpu(60), 60_000);
    assert.equal(h.firing('baseline_anomaly').length, 0);
  });
});

describe('status role', () => {
  test('instant rules fire on the second sample; duration rules have not matured', () => {
    const h = harness();
    const s = snap({
      memory: { ...memory(95), swapTotalBytes: GiB, swapUsedBytes: 0.9 * GiB },
      disks: [disk({ mount: '/', freePercent: 2 })],
    });
    h.tick(s, 1000);
    h.tick(s, 1000);
    const rules = h.analyzer
      .active()
      .map((a) => a.rule)
      .sort();
    assert.deepEqual(rules, ['disk_low', 'swap_high']);
  });
});
