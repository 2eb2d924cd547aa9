// The report's pure parts (durations, sparklines, buckets) and its renderers over a real store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { memoryLogger } from '../../src/core/log.ts';
import type { Snapshot } from '../../src/core/types.ts';
import { buildReport } from '../../src/report/data.ts';
import { escapeHtml, renderHtml } from '../../src/report/html.ts';
import { parseSince } from '../../src/report/since.ts';
import { bucketize, sparkline } from '../../src/report/sparkline.ts';
import { renderTerminal } from '../../src/report/terminal.ts';
import { openStore } from '../../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-report-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('parseSince: minutes, hours, days; anything else is null', () => {
  const cases: [string, number | null][] = [
    ['30m', 30 * 60_000],
    ['24h', 24 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['1.5h', 5_400_000],
    ['24', null],
    ['1w', null],
    ['0h', null],
    ['-5m', null],
    ['h', null],
    ['5 m', null],
    ['', null],
  ];
  for (const [text, want] of cases) assert.equal(parseSince(text), want, text);
});

test('sparkline scales into eight levels; gaps are spaces', () => {
  assert.equal(sparkline([0, 50, 100], { min: 0, max: 100 }), '▁▅█');
  assert.equal(sparkline([null, 1, null, 1]), ' ▁ ▁');
  assert.equal(sparkline([]), '');
  assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7, 8]), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([200], { min: 0, max: 100 }), '█', 'clamped');
});

test('bucketize: means (or peaks) per bucket, null where empty', () => {
  const pts = [
    { time: 0, value: 10 },
    { time: 5, value: 30 },
    { time: 25, value: 7 },
    { time: 99, value: null },
  ];
  assert.deepEqual(bucketize(pts, 0, 40, 4), [20, null, 7, null]);
  assert.deepEqual(bucketize(pts, 0, 40, 4, true), [30, null, 7, null]);
});

test('escapeHtml neutralises markup from process names', () => {
  assert.equal(
    escapeHtml(`<script>alert("x")</script>&'`),
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
  );
});

test('report from a real store: hostile text is escaped in HTML and stripped in the terminal', () => {
  const store = openStore(dir, { log: memoryLogger() });
  const now = Date.now();
  const hostile = '<img src=x onerror=alert(1)>\u001b]0;title\u0007';
  const s: Snapshot = {
    version: 't',
    time: new Date(now - 60_000).toISOString(),
    hostname: 'h',
    uptimeSeconds: 1,
    cpu: {
      cores: 1,
      usagePercent: 42,
      perCore: [42],
      load1: 1,
      load5: 1,
      load15: 1,
      frequencyMhz: null,
      temperatureC: null,
    },
    memory: {
      totalBytes: 100,
      usedBytes: 50,
      availableBytes: 50,
      cachedBytes: 0,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      pressure: null,
    },
    gpus: [],
    disks: [],
    network: [],
    processes: [
      {
        pid: 77,
        ppid: 1,
        pgid: 77,
        uid: 0,
        user: 'root',
        name: 'evil',
        cmdline: hostile,
        state: 'R',
        cpuPercent: 99,
        rssBytes: 5_000_000,
        threads: 1,
        fds: 3,
        startTime: new Date(now - 100_000).toISOString(),
        ageSeconds: 100,
        startTicks: 1,
        sid: 77,
        ttyNr: 0,
        kernelThread: false,
      },
    ],
    alerts: [],
  };
  assert.equal(store.recordSnapshot(s), true);
  store.recordAlertEvent({
    event: 'fired',
    time: now - 50_000,
    alert: {
      id: 'a',
      rule: 'orphan_cpu',
      severity: 'medium',
      state: 'firing',
      since: new Date(now - 50_000).toISOString(),
      message: `busy orphan ${hostile}`,
      subject: { pids: [77] },
      suggestedCommand: 'kill 77',
    },
  });
  const data = buildReport(store, { from: now - 3_600_000, to: now, dataDir: dir });
  store.close();
  assert.equal(data.samples, 1);
  assert.equal(data.alerts[0]!.rule, 'orphan_cpu');
  assert.equal(data.topOffenders.byCpu[0]!.pid, 77);
  assert.equal(data.topOffenders.byCpu[0]!.peakCpuPercent, 99);
  assert.equal(data.trends.cpuPercent.filter((v) => v !== null).length, 1);

  const html = renderHtml(data, 'en');
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(html, /<script/i);

  const text = renderTerminal(data, { lang: 'fr', color: false, width: 120 });
  assert.doesNotMatch(text, /\u001b|\u0007/);
  assert.match(text, /Alertes/);
  assert.match(text, /orphan_cpu/);
  assert.match(text, /toujours active/);
});

test('report without a store says there is no history', () => {
  const data = buildReport(null, { from: 0, to: 3_600_000, dataDir: '/nowhere' });
  assert.equal(data.historyAvailable, false);
  assert.match(renderTerminal(data, { lang: 'en', color: false }), /No history in \/nowhere yet/);
  assert.match(renderHtml(data, 'en'), /No history in \/nowhere yet/);
});
