// The process table's GPU column (per-process VRAM), from what the GPU collector reads: this
// machine has no GPU, so the real collector runs the fixture nvidia-smi (test/fixtures/gpu) and
// the AMD sysfs fixture; its GPUs go into a snapshot, through the TUI's feed, into the table. The
// column is there with each process's VRAM (summed over GPUs) when a GPU exists, and absent when
// none does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFeed } from '../../screens/feed.ts';
import { processRows } from '../../screens/processes.ts';
import { renderProcessTable } from '../../screens/table.ts';
import { makeTheme } from '../../screens/theme.ts';
import { gpuCollector } from '../../src/collectors/gpu.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { GpuSnapshot, Snapshot } from '../../src/core/types.ts';
import { proc, snap } from './rules-fixtures.ts';

const FIX = new URL('../fixtures/', import.meta.url).pathname;

/** The GPUs the real collector reads from the fixtures (nvidia-smi, AMD sysfs). */
async function fixtureGpus(): Promise<GpuSnapshot[]> {
  const col = gpuCollector({ env: { VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi` } });
  try {
    const gpus = await col.collect({
      roots: { proc: '/proc', sys: `${FIX}sys/workstation`, dev: '/dev' },
      clock: realClock,
      log: memoryLogger(),
      tick: 0,
    });
    return gpus;
  } finally {
    await col.close?.();
  }
}

function table(s: Snapshot, width: number): string[] {
  const feed = createFeed({ subscribe: () => () => {}, latest: () => s, history: { all: () => [s] } });
  const rows = processRows(s.processes, { sort: 'pid', desc: false, filter: '', tree: false });
  // Without colour the only tags are the header's {inverse}; the cells are plain text.
  return renderProcessTable(
    {
      rows,
      selectedKey: null,
      scroll: 0,
      sort: 'pid',
      desc: false,
      focused: true,
      followKey: null,
      totalMemBytes: s.memory.totalBytes,
      gpuMemory: feed.gpuMemory(),
    },
    makeTheme(false),
    width,
    10,
  ).map((l) => l.replace(/\{\/?inverse\}/g, ''));
}

// The fixture's compute apps: 4242 (9216 MiB on GPU 0), 4310 (1024 MiB on GPU 0), 5120 ([N/A]
// on GPU 1: the driver does not say); 77 uses no GPU.
const PROCESSES = [
  proc({ pid: 77, name: 'bash', cmdline: 'bash' }),
  proc({ pid: 4242, name: 'python3', cmdline: 'python3 train.py' }),
  proc({ pid: 4310, name: 'render', cmdline: '/opt/app/bin/render' }),
  proc({ pid: 5120, name: 'python3', cmdline: 'python3 infer.py' }),
];

const row = (lines: string[], pid: number) => lines.find((l) => new RegExp(`^ *${pid} `).test(l)) ?? '';

test('with a GPU the table has a GPU column: each process’s VRAM, blank where none is known', async () => {
  const gpus = await fixtureGpus();
  assert.ok(gpus.length >= 3, 'the fixture GPUs were read');
  const lines = table(snap({ gpus, processes: PROCESSES }), 120);
  const header = lines[0]!;
  assert.match(header, / GPU /);
  const at = header.indexOf(' GPU ') + 4; // the column is right-aligned: its cells end here
  const cell = (pid: number) =>
    row(lines, pid)
      .slice(at - 6, at)
      .trim();
  assert.equal(cell(4242), '9.0G');
  assert.equal(cell(4310), '1.0G');
  assert.equal(cell(5120), '', '[N/A]: nothing shown rather than a guess');
  assert.equal(cell(77), '');
  // At 80 columns the GPU column stays (it drops after the less useful ones).
  assert.match(table(snap({ gpus, processes: PROCESSES }), 80)[0]!, / GPU /);
});

test('the same VRAM on two GPUs is summed per process', async () => {
  const gpus = await fixtureGpus();
  const twice = gpus.map((g) => ({ ...g, processes: [...g.processes] }));
  twice[1]!.processes.push({ pid: 4242, memoryBytes: 1024 * 1024 * 1024 });
  const lines = table(snap({ gpus: twice, processes: PROCESSES }), 120);
  const at = lines[0]!.indexOf(' GPU ') + 4;
  assert.equal(
    row(lines, 4242)
      .slice(at - 6, at)
      .trim(),
    '10.0G',
  );
});

test('without a GPU there is no GPU column', () => {
  const lines = table(snap({ gpus: [], processes: PROCESSES }), 120);
  assert.doesNotMatch(lines[0]!, /GPU/);
  assert.match(lines[0]!, /PID▲ USER .* AGE COMMAND/);
});
