import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gpuCollector, gpuEveryTicks } from '../../src/collectors/gpu.ts';
import { amdGpuFromFiles, readAmdGpus } from '../../src/collectors/gpu-amd.ts';
import {
  csvNumber,
  locateNvidiaSmi,
  mergeNvidia,
  parseNvidiaApps,
  parseNvidiaGpus,
  queryNvidia,
} from '../../src/collectors/gpu-nvidia.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext } from '../../src/core/types.ts';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const MIB = 1024 * 1024;

function ctx(sys: string) {
  const log = memoryLogger();
  const c: CollectContext = { roots: { proc: '/proc', sys, dev: '/dev' }, clock: realClock, log, tick: 0 };
  return { c, log };
}

test('nvidia-smi CSV: several GPUs, [N/A] under MIG and for missing sensors', () => {
  const gpus = parseNvidiaGpus(readFileSync(`${FIX}gpu/gpus.csv`, 'utf8'));
  assert.equal(gpus.length, 3);
  assert.deepEqual(gpus[0], {
    index: 0,
    uuid: 'GPU-5a2f3c1e-8d4b-4e0a-9c61-2f7d1b3e9a10',
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 4090',
    utilizationPercent: 37,
    memoryUsedBytes: 10342 * MIB,
    memoryTotalBytes: 24564 * MIB,
    temperatureC: 61,
    processes: [],
  });
  assert.equal(gpus[1]!.utilizationPercent, null, 'MIG: [N/A]');
  assert.equal(gpus[1]!.memoryTotalBytes, 40960 * MIB);
  assert.equal(gpus[2]!.temperatureC, null);
  assert.equal(gpus[2]!.memoryUsedBytes, 0);
  for (const v of ['[N/A]', '[Not Supported]', '[Unknown Error]', '', 'N/A'])
    assert.equal(csvNumber(v), null);
  assert.equal(csvNumber(' 42 '), 42);
});

test('nvidia-smi compute apps attach to their GPU by UUID; names keep their commas', () => {
  const gpus = parseNvidiaGpus(readFileSync(`${FIX}gpu/gpus.csv`, 'utf8'));
  const apps = parseNvidiaApps(readFileSync(`${FIX}gpu/apps.csv`, 'utf8'));
  assert.equal(apps.length, 3);
  assert.equal(apps[1]!.name, '/opt/app/bin/render, worker');
  assert.equal(apps[2]!.memoryBytes, null, 'MIG: per-process memory is [N/A]');
  const merged = mergeNvidia(gpus, apps);
  assert.deepEqual(
    merged[0]!.processes.map((p) => [p.pid, p.memoryBytes]),
    [
      [4242, 9216 * MIB],
      [4310, 1024 * MIB],
    ],
  );
  assert.deepEqual(merged[1]!.processes, [{ pid: 5120, memoryBytes: null, name: 'python3' }]);
  assert.deepEqual(merged[2]!.processes, []);
  assert.ok(!('uuid' in merged[0]!));
  assert.deepEqual(parseNvidiaApps('No running processes found\n'), []);
});

test('hostile GPU and process names are sanitised', () => {
  const gpus = parseNvidiaGpus('0, GPU-x, 1, 2, 3, 4, Evil\u001b]52;c;aGk=\u0007 GPU\u202e\n');
  assert.equal(gpus[0]!.name, 'Evil GPU');
  const apps = parseNvidiaApps('GPU-x, 9, 5, \u001b[31mminer\u001b[0m\n');
  assert.equal(apps[0]!.name, 'miner');
});

test('AMD sysfs: busy percent, VRAM, edge temperature; connectors and other vendors ignored', () => {
  const gpus = readAmdGpus(`${FIX}sys/workstation`, 3);
  assert.deepEqual(gpus, [
    {
      index: 3,
      vendor: 'amd',
      name: 'AMD Radeon RX 7900 XTX',
      utilizationPercent: 23,
      memoryUsedBytes: 2147483648,
      memoryTotalBytes: 25753026560,
      temperatureC: 52,
      processes: [],
    },
  ]);
  const laptop = readAmdGpus(`${FIX}sys/amd-laptop`);
  assert.equal(laptop[0]!.name, 'AMD GPU 0x1681');
  assert.equal(laptop[0]!.temperatureC, null, 'no hwmon: unknown, not zero');
  assert.deepEqual(readAmdGpus('/nonexistent'), []);
  assert.equal(
    amdGpuFromFiles(0, {
      vendor: '0x10de\n',
      device: null,
      productName: null,
      busyPercent: '1',
      vramUsed: null,
      vramTotal: null,
      tempMilli: null,
    }),
    null,
  );
});

test('nvidia-smi is found through VIGIL_NVIDIA_SMI or PATH', () => {
  assert.equal(locateNvidiaSmi({ VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi` }), `${FIX}gpu/nvidia-smi`);
  assert.equal(locateNvidiaSmi({ VIGIL_NVIDIA_SMI: `${FIX}gpu/gpus.csv` }), null, 'not executable');
  assert.equal(locateNvidiaSmi({ PATH: '/nonexistent:/usr/bin' }), null);
  assert.equal(locateNvidiaSmi({ PATH: `/nonexistent:${FIX}gpu` }), `${FIX}gpu/nvidia-smi`);
});

test('GPU collector runs the (fixture) nvidia-smi and reads AMD sysfs', async () => {
  const col = gpuCollector({ env: { VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi` }, everyTicks: 5 });
  assert.equal(col.everyTicks, 5);
  assert.ok((col.timeoutMs ?? 0) > 0);
  const { c } = ctx(`${FIX}sys/workstation`);
  const gpus = await col.collect(c);
  assert.deepEqual(
    gpus.map((g) => [g.index, g.vendor, g.name]),
    [
      [0, 'nvidia', 'NVIDIA GeForce RTX 4090'],
      [1, 'nvidia', 'NVIDIA A100-SXM4-40GB'],
      [2, 'nvidia', 'Tesla T4'],
      [3, 'amd', 'AMD Radeon RX 7900 XTX'],
    ],
  );
  assert.equal(gpus[0]!.processes.length, 2);
  await col.close?.();
});

test('absent nvidia-smi: no NVIDIA GPU, logged once; a broken driver: logged once, []', async () => {
  const col = gpuCollector({ env: { PATH: '/nonexistent' } });
  const { c, log } = ctx('/nonexistent');
  assert.deepEqual(await col.collect(c), []);
  assert.deepEqual(await col.collect(c), []);
  assert.equal(log.lines.filter((l) => l.event === 'nvidia-smi not found; no NVIDIA GPU data').length, 1);

  const broken = gpuCollector({ env: { VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi-no-driver` } });
  const b = ctx('/nonexistent');
  assert.deepEqual(await broken.collect(b.c), []);
  assert.deepEqual(await broken.collect(b.c), []);
  const failed = b.log.lines.filter((l) => l.event === 'nvidia-smi failed; no NVIDIA GPU data');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.exitCode, 9);
  assert.match(String(failed[0]!.error), /couldn't communicate with the NVIDIA driver/);
});

test('a hung nvidia-smi is killed after its timeout and logged once', async () => {
  const log = memoryLogger();
  const started = Date.now();
  const r1 = await queryNvidia({ command: `${FIX}gpu/nvidia-smi-hang`, timeoutMs: 300, log });
  const r2 = await queryNvidia({ command: `${FIX}gpu/nvidia-smi-hang`, timeoutMs: 300, log });
  assert.deepEqual([r1, r2], [[], []]);
  assert.ok(Date.now() - started < 8000, 'bounded by the timeout, not by the 600 s sleep');
  assert.equal(
    log.lines.filter((l) => l.event === 'nvidia-smi did not answer in time; GPU sampling goes on').length,
    1,
  );
});

test('GPU cadence: about every 5 s', () => {
  assert.equal(gpuEveryTicks(1), 5);
  assert.equal(gpuEveryTicks(5), 1);
  assert.equal(gpuEveryTicks(10), 1);
  assert.equal(gpuEveryTicks(0.2), 25);
});
