import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCpu } from '../../screens/cpu.ts';
import { renderDisks } from '../../screens/disks.ts';
import { renderGpu } from '../../screens/gpu.ts';
import { renderMemory } from '../../screens/memory.ts';
import { renderNetwork } from '../../screens/network.ts';
import type { PaneInput, PaneRenderer } from '../../screens/pane.ts';
import { makeTheme } from '../../screens/theme.ts';
import { bar, chart, fitTo, rightTo, sparkline, width, wrap } from '../../screens/widgets.ts';
import type { Snapshot } from '../../src/core/types.ts';
import { translator } from '../../src/i18n/index.ts';

const GB = 1024 ** 3;

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    version: '0.1.0',
    time: '2026-11-25T12:00:00.000Z',
    hostname: 'box',
    uptimeSeconds: 1000,
    cpu: {
      cores: 16,
      usagePercent: 42,
      perCore: Array.from({ length: 16 }, (_, i) => i * 6),
      load1: 20.5,
      load5: 3,
      load15: 1,
      frequencyMhz: 3400,
      temperatureC: 71,
    },
    memory: {
      totalBytes: 16 * GB,
      usedBytes: 14 * GB,
      availableBytes: 2 * GB,
      cachedBytes: 3 * GB,
      swapTotalBytes: 2 * GB,
      swapUsedBytes: 1 * GB,
      pressure: { some10: 12.5, full10: 3.25 },
    },
    gpus: [],
    disks: [],
    network: [],
    processes: [],
    alerts: [],
    ...over,
  };
}

/** Visible text: blessed tags removed, escaped braces restored. */
function visible(line: string): string {
  return line
    .replace(/\{(?!open\}|close\})[^{}]*\}/g, '')
    .replace(/\{open\}/g, '{')
    .replace(/\{close\}/g, '}');
}

function render(
  f: PaneRenderer,
  s: Snapshot | undefined,
  w: number,
  h: number,
  history: Snapshot[] = [],
): string[] {
  const input: PaneInput = { snapshot: s, history, theme: makeTheme(true), tr: translator('en') };
  const lines = f(input, w, h);
  assert.ok(lines.length <= h, `${lines.length} lines > ${h}`);
  for (const l of lines) assert.ok([...visible(l)].length <= w, `too wide (${w}): ${visible(l)}`);
  return lines.map(visible);
}

test('CPU: per-core bars in two columns past the pane height, load and a history chart', () => {
  const history = Array.from({ length: 50 }, (_, i) => snap({ cpu: { ...snap().cpu, usagePercent: i * 2 } }));
  const lines = render(renderCpu, snap(), 76, 12, history);
  assert.match(lines[0]!, /^ 0\[ +\] +0\.0% +8\[\|+ +\] +48\.0%/);
  assert.match(lines.join('\n'), /load 20\.50 3\.00 1\.00 {2}cpu 42\.0% {2}3\.4GHz {2}71°C/);
  assert.match(lines.at(-1)!, /█$/);
  assert.deepEqual(render(renderCpu, undefined, 40, 4), ['sampling…'.padEnd(40)]);
});

test('memory: gauges, pressure and history; no swap said plainly', () => {
  const lines = render(renderMemory, snap(), 50, 5, [snap(), snap()]);
  assert.match(lines[0]!, /^Mem\[\|+ *\] +14\.0G\/16\.0G$/);
  assert.match(lines[1]!, /^Swp\[\|+ *\] +1\.0G\/2\.0G$/);
  assert.match(lines[2]!, /used 87\.5% {2}avail 2\.0G {2}psi 12\.5\/3\.3 {2}cache 3\.0G/);
  // Narrow: the least useful figure is left out, not cut.
  assert.match(render(renderMemory, snap(), 38, 3)[2]!, /^used 87\.5% {2}avail 2\.0G {2}psi 12\.5\/3\.3 *$/);
  const noSwap = render(
    renderMemory,
    snap({ memory: { ...snap().memory, swapTotalBytes: 0, pressure: null } }),
    50,
    3,
  );
  assert.match(noSwap[1]!, /Swp no swap/);
  assert.match(noSwap[2]!, /psi -/);
});

test('GPU: one line per GPU with utilisation, memory and temperature; a quiet no GPU', () => {
  assert.deepEqual(render(renderGpu, snap(), 30, 3), ['no GPU'.padEnd(30)]);
  const gpu = {
    index: 0,
    vendor: 'nvidia',
    name: 'NVIDIA RTX 4090',
    utilizationPercent: 75,
    memoryUsedBytes: 6 * GB,
    memoryTotalBytes: 24 * GB,
    temperatureC: 66,
    processes: [],
  };
  const lines = render(
    renderGpu,
    snap({ gpus: [gpu, { ...gpu, index: 1, utilizationPercent: null }] }),
    60,
    3,
  );
  assert.match(lines[0]!, /^0 NVIDIA RTX 4090 \[\|+ +\] 75% 6\.0G\/24\.0G 66°C$/);
  assert.match(lines[1]!, /^1 NVIDIA RTX 4090 \[ +\] - 6\.0G\/24\.0G 66°C$/);
});

test('disks (fullest first) and network (busiest first)', () => {
  const disk = {
    mount: '/',
    device: '/dev/sda1',
    fsType: 'ext4',
    totalBytes: 100 * GB,
    freeBytes: 50 * GB,
    freePercent: 50,
    inodesFreePercent: 90,
    readBytesPerSec: 1024 * 1024,
    writeBytesPerSec: 2048,
    latencyMs: 1.5,
  };
  const d = render(renderDisks, snap({ disks: [disk, { ...disk, mount: '/home', freePercent: 3 }] }), 44, 4);
  assert.match(d[0]!, /^\/home +97% 100G r 1\.0M\/s w 2\.0K\/s 1\.5ms/);
  assert.match(d[1]!, /^\/ +50%/);
  const n = render(
    renderNetwork,
    snap({
      network: [
        { interface: 'lo', rxBytesPerSec: 10, txBytesPerSec: 10 },
        { interface: 'eth0', rxBytesPerSec: 5 * 1024 * 1024, txBytesPerSec: 1024 },
      ],
    }),
    30,
    3,
  );
  assert.match(n[0]!, /^eth0 +↓ +5\.0M\/s ↑ +1\.0K\/s$/);
  assert.match(n[1]!, /^lo /);
  assert.match(render(renderNetwork, snap(), 30, 2)[0]!, /no interfaces/);
});

test('widgets: bars, sparklines, charts, fitting and wrapping', () => {
  assert.equal(bar(50, 10), '|||||     ');
  assert.equal(bar(null, 4), '    ');
  assert.equal(bar(150, 4), '||||');
  assert.equal(sparkline([0, 50, 100, null], 6, 100), '  ▁▅█ ');
  assert.deepEqual(chart([100, 50, 0], 3, 2, 100), ['█  ', '██ ']);
  assert.equal(fitTo('abcdef', 4), 'abc…');
  assert.equal(fitTo('ab', 4), 'ab  ');
  assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  // Wide characters take two columns, combining marks none: text stays aligned with borders.
  assert.equal(fitTo('日本語abc', 5), '日本…');
  assert.equal(fitTo('日本語abc', 6), '日本… ');
  assert.equal(fitTo('e\u0301t\u00e9', 4), 'e\u0301t\u00e9 ');
  assert.equal(rightTo('日本', 5), ' 日本');
  assert.equal(width('𠀀x'), 3); // a wide character outside the BMP (a surrogate pair)
  assert.deepEqual(wrap('日本語日本語', 5), ['日本', '語日', '本語']);
});
