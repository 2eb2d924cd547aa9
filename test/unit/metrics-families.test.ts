import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { Alert, RawSample, Snapshot } from '../../src/core/types.ts';
import { newHistogram, observe, renderExposition } from '../../src/metrics/exposition.ts';
import { type MetricsState, metricFamilies, TICK_BUCKETS_SECONDS } from '../../src/metrics/families.ts';

function alert(rule: Alert['rule'], severity: Alert['severity'], state: Alert['state'] = 'firing'): Alert {
  return {
    id: `${rule}-${severity}-${state}-${Math.random()}`,
    rule,
    severity,
    state,
    since: '2026-01-01T12:00:00.000Z',
    message: 'm',
    subject: { pids: [] },
    suggestedCommand: null,
  };
}

function snapshot(): Snapshot {
  return {
    version: '9.9.9',
    time: '2026-01-01T12:00:05.000Z',
    hostname: 'box',
    uptimeSeconds: 3600,
    cpu: {
      cores: 2,
      usagePercent: 50,
      perCore: [25, null],
      load1: 1.5,
      load5: 1,
      load15: 0.5,
      frequencyMhz: 2400,
      temperatureC: null,
    },
    memory: {
      totalBytes: 8e9,
      usedBytes: 6e9,
      availableBytes: 2e9,
      cachedBytes: 1e9,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      pressure: { some10: 12.5, full10: 2 },
    },
    gpus: [
      {
        index: 0,
        vendor: 'nvidia',
        name: 'Weird "GPU" \\ name',
        utilizationPercent: 80,
        memoryUsedBytes: 1e9,
        memoryTotalBytes: 8e9,
        temperatureC: 70,
        processes: [],
      },
    ],
    disks: [
      {
        mount: '/mnt/with "quote"\nand newline',
        device: '/dev/sda1',
        fsType: 'ext4',
        totalBytes: 100,
        freeBytes: 10,
        freePercent: 10,
        inodesFreePercent: 50,
        readBytesPerSec: null,
        writeBytesPerSec: 2048,
        latencyMs: 4,
      },
    ],
    network: [{ interface: 'eth0', rxBytesPerSec: 100, txBytesPerSec: null }],
    processes: (['S', 'S', 'R', 'Z', 'D'] as const).map((state, i) => ({
      pid: i + 1,
      ppid: 0,
      pgid: 0,
      uid: 0,
      user: 'root',
      name: 'p',
      cmdline: 'p',
      state,
      cpuPercent: null,
      rssBytes: 1,
      threads: 2,
      fds: null,
      startTime: '2026-01-01T11:00:00.000Z',
      ageSeconds: 3600,
      startTicks: 1,
      sid: 0,
      ttyNr: 0,
      kernelThread: false,
    })),
    alerts: [
      alert('duplicate_processes', 'medium'),
      alert('duplicate_processes', 'medium'),
      alert('disk_low', 'critical'),
      alert('zombie', 'medium', 'resolved'),
    ],
  };
}

const raw: RawSample = {
  time: Date.parse('2026-01-01T12:00:05.000Z'),
  monotonic: 5000,
  parts: {
    cpu: {
      total: { user: 1000, nice: 0, system: 500, idle: 8000, iowait: 100, irq: 0, softirq: 0, steal: 0 },
      perCore: [],
      load1: 1.5,
      load5: 1,
      load15: 0.5,
      frequencyMhz: 2400,
      bootTimeSec: 1,
    },
    disks: {
      mounts: [],
      io: [
        {
          name: 'sda',
          readsCompleted: 1,
          sectorsRead: 10,
          writesCompleted: 1,
          sectorsWritten: 4,
          ioMs: 0,
          readMs: 0,
          writeMs: 0,
        },
      ],
    },
    network: {
      interfaces: [
        {
          interface: 'eth0',
          rxBytes: 5000,
          txBytes: 7000,
          rxPackets: 1,
          txPackets: 1,
          rxErrors: 2,
          txErrors: 0,
        },
      ],
      connections: {},
    },
  },
};

function state(over: Partial<MetricsState> = {}): MetricsState {
  const h = newHistogram(TICK_BUCKETS_SECONDS);
  observe(h, 0.004);
  observe(h, 0.2);
  return {
    version: '9.9.9',
    intervalSecs: 5,
    snapshot: snapshot(),
    raw,
    stats: { ticks: 7, errors: 3, lastTickMs: 12, skippedProcesses: 1 },
    tickDuration: h,
    errorsBySource: new Map([
      ['gpus', 2],
      ['rules', 1],
    ]),
    ...over,
  };
}

/** name{labels} → value, from the rendered text. */
function values(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

test('snapshot figures become gauges in base units (ratios, bytes, seconds, hertz)', () => {
  const v = values(renderExposition(metricFamilies(state())));
  assert.equal(v.get('vigil_cpu_usage_ratio'), 0.5);
  assert.equal(v.get('vigil_cpu_core_usage_ratio{core="0"}'), 0.25);
  assert.equal(v.has('vigil_cpu_core_usage_ratio{core="1"}'), false, 'unknown per-core value left out');
  assert.equal(v.get('vigil_cpu_frequency_hertz'), 2.4e9);
  assert.equal(v.get('vigil_load1'), 1.5);
  assert.equal(v.has('vigil_cpu_temperature_celsius'), false, 'no sensor, no series');
  assert.equal(v.get('vigil_memory_used_bytes'), 6e9);
  assert.equal(v.get('vigil_swap_total_bytes'), 0);
  assert.equal(v.get('vigil_memory_pressure_avg10_ratio{kind="some"}'), 0.125);
  assert.equal(v.get('vigil_memory_pressure_avg10_ratio{kind="full"}'), 0.02);
  assert.equal(
    v.get('vigil_gpu_utilization_ratio{gpu="0",vendor="nvidia",name="Weird \\"GPU\\" \\\\ name"}'),
    0.8,
  );
  assert.equal(v.get('vigil_gpus'), 1);
  const disk = 'mount="/mnt/with \\"quote\\"\\nand newline",device="/dev/sda1",fstype="ext4"';
  assert.equal(v.get(`vigil_disk_free_bytes{${disk}}`), 10);
  assert.equal(v.get(`vigil_disk_inodes_free_ratio{${disk}}`), 0.5);
  assert.equal(v.get(`vigil_disk_io_latency_seconds{${disk}}`), 0.004);
  assert.equal(v.has(`vigil_disk_read_bytes_per_second{${disk}}`), false);
  assert.equal(v.get(`vigil_disk_written_bytes_per_second{${disk}}`), 2048);
  assert.equal(v.get('vigil_network_receive_bytes_per_second{interface="eth0"}'), 100);
  assert.equal(v.has('vigil_network_transmit_bytes_per_second{interface="eth0"}'), false);
});

test('raw counters are exported for rate(): CPU seconds, device and interface bytes', () => {
  const v = values(renderExposition(metricFamilies(state())));
  assert.equal(v.get('vigil_cpu_seconds_total{mode="user"}'), 10);
  assert.equal(v.get('vigil_cpu_seconds_total{mode="idle"}'), 80);
  assert.equal(v.get('vigil_disk_device_read_bytes_total{device="sda"}'), 5120);
  assert.equal(v.get('vigil_disk_device_written_bytes_total{device="sda"}'), 2048);
  assert.equal(v.get('vigil_network_receive_bytes_total{interface="eth0"}'), 5000);
  assert.equal(v.get('vigil_network_errors_total{interface="eth0",direction="receive"}'), 2);
});

test('processes are counted by state; alerts by rule and severity, firing only', () => {
  const v = values(renderExposition(metricFamilies(state())));
  assert.equal(v.get('vigil_processes{state="S"}'), 2);
  assert.equal(v.get('vigil_processes{state="R"}'), 1);
  assert.equal(v.get('vigil_processes{state="Z"}'), 1);
  assert.equal(v.get('vigil_threads'), 10);
  assert.equal(v.get('vigil_alert_active{rule="duplicate_processes",severity="medium"}'), 2);
  assert.equal(v.get('vigil_alert_active{rule="disk_low",severity="critical"}'), 1);
  assert.equal(
    v.has('vigil_alert_active{rule="zombie",severity="medium"}'),
    false,
    'resolved alerts are not active',
  );
  assert.equal(v.get('vigil_alerts_firing'), 3);
});

test("the engine's own figures: ticks, errors by source, tick duration histogram", () => {
  const v = values(renderExposition(metricFamilies(state())));
  assert.equal(v.get('vigil_engine_ticks_total'), 7);
  assert.equal(v.get('vigil_engine_errors_total'), 3);
  assert.equal(v.get('vigil_engine_source_errors_total{source="gpus"}'), 2);
  assert.equal(v.get('vigil_engine_last_tick_duration_seconds'), 0.012);
  assert.equal(v.get('vigil_engine_tick_duration_seconds_bucket{le="0.005"}'), 1);
  assert.equal(v.get('vigil_engine_tick_duration_seconds_bucket{le="0.25"}'), 2);
  assert.equal(v.get('vigil_engine_tick_duration_seconds_count'), 2);
  assert.equal(v.get('vigil_build_info{version="9.9.9"}'), 1);
  assert.equal(v.get('vigil_engine_skipped_processes'), 1);
});

test('before the first snapshot only the engine families are served', () => {
  const text = renderExposition(metricFamilies(state({ snapshot: undefined, raw: undefined })));
  assert.match(text, /vigil_engine_ticks_total 7/);
  assert.doesNotMatch(text, /vigil_cpu|vigil_memory|vigil_alert/);
});

test('promtool accepts the text, hostile label values included', () => {
  const text = renderExposition(metricFamilies(state()));
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(r.error, undefined, 'promtool runs (Debian package prometheus)');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal((r.stdout + r.stderr).trim(), '', 'no lint findings');
});
