// The HTML report as a reader gets it: `vigil report --html` over a recorded morning with two
// incidents (one of them a storm whose command lines carry markup and a token), then the page
// opened in headless Chromium (Debian's `chromium`): it loads with no Content-Security-Policy
// violation and no console message, and its screenshot is written. The detector itself is checked
// on a page that does break the policy.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AlertEvent } from '../../src/core/types.ts';
import { runCli } from '../helpers/cli.ts';
import { simulatedMachine } from '../helpers/machine.ts';
import { alertEvent, recording } from '../helpers/recording.ts';

const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'vigil-report-html-'));
const dataDir = join(dir, 'data');
const env = { XDG_CONFIG_HOME: join(dir, 'cfg'), VIGIL_DATA_DIR: '' };
const firings: number[] = [];
let storm: number[] = [];

before(() => {
  const start = Date.now() - 3 * 3_600_000;
  const { clock, recorder, d } = recording(dataDir, start);
  const m = simulatedMachine({ processes: 120, busy: 10, churn: 0, tickMs: 5000, start });
  for (let i = 1; i <= 12 * 170; i++) {
    clock.tick(5000);
    if (i === 12 * 60 - 10)
      storm = m.storm(
        6,
        200,
        '/usr/bin/python3 <img src=x onerror=alert(1)> mcp_server.py --api-key=sk-live-abcdef123456',
      );
    const raw = m.tick();
    const events: AlertEvent[] = [];
    if (i === 12 * 60 || i === 12 * 120) {
      firings.push(raw.time);
      const storming = i === 12 * 60;
      events.push(
        alertEvent('fired', raw.time, {
          id: storming ? 'ghost_process_storm-00000000000a' : 'disk_low-00000000000b',
          rule: storming ? 'ghost_process_storm' : 'disk_low',
          severity: storming ? 'high' : 'critical',
          subject: { pids: storming ? storm : [] },
          message: storming ? 'six identical mcp_server.py servers' : '/ has 4% free',
        }),
      );
    }
    if (i === 12 * 70) m.kill(storm);
    d.tick(raw, events);
  }
  recorder.stop();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Open `file` in headless Chromium; its log (console messages and policy violations) and the screenshot. */
function chromium(file: string, png: string): { log: string; status: number | null } {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is needed (Debian package chromium)`);
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, `profile-${Date.now()}`)}`,
      '--enable-logging=stderr',
      '--v=0',
      '--hide-scrollbars',
      `--screenshot=${png}`,
      '--window-size=1280,2000',
      `file://${file}`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { log: `${r.stdout}\n${r.stderr}`, status: r.status };
}

/** What the page said to the console, or broke of its policy. */
const complaints = (log: string) =>
  log.split('\n').filter((l) => /:CONSOLE|Content Security Policy|Refused to/i.test(l));

test('the detector sees a page that breaks the policy (a script, an image from the network)', () => {
  const bad = join(dir, 'bad.html');
  writeFileSync(
    bad,
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head><body><img src="https://example.invalid/x.png"><script>console.error('boom')</script></body></html>`,
  );
  const r = chromium(bad, join(dir, 'bad.png'));
  assert.ok(complaints(r.log).length >= 2, r.log);
});

test('report --html: header, charts, incidents with their processes and replay commands', () => {
  const file = join(dir, 'report.html');
  const r = runCli(['report', '--since', '4h', '--html', file, '--data-dir', dataDir], env);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(file, 'utf8');
  assert.match(
    html,
    /<header class="top">.*<h1>[^<]+<\/h1><p class="window">\d{4}-\d\d-\d\d \d\d:\d\d → \d{4}-\d\d-\d\d \d\d:\d\d <span class="zone">\(local time, UTC[+-]\d\d:\d\d\)/s,
  );
  assert.equal((html.match(/<figure class="chart">/g) ?? []).length, 4, 'CPU, memory, load, disk');
  assert.equal(
    (html.match(/<g class="marker sev-/g) ?? []).length,
    8,
    'both firings on each of the four charts',
  );
  assert.match(html, /class="xlab"[^>]*>\d\d:\d\d</);
  assert.match(html, /class="ylab"[^>]*>100%</);
  assert.match(html, /vigil status --at ghost_process_storm-00000000000a/);
  assert.match(html, /vigil status --at disk_low-00000000000b/);
  // The storm's servers, as recorded when it fired: escaped, redacted.
  assert.match(html, /Processes when it fired/);
  for (const pid of storm)
    assert.ok(html.includes(`<td class="num">${pid}</td>`), `pid ${pid} at the firing`);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /sk-live-abcdef123456/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(src|href)=["']https?:/i);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('the report loads in headless Chromium with no policy violation nor console message', () => {
  const file = join(dir, 'report.html');
  if (!existsSync(file)) runCli(['report', '--since', '4h', '--html', file, '--data-dir', dataDir], env);
  const png = join(dir, 'report.png');
  const r = chromium(file, png);
  assert.deepEqual(complaints(r.log), [], r.log);
  const head = readFileSync(png).subarray(0, 8);
  assert.deepEqual([...head], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(statSync(png).size > 50_000, 'a page with charts, not a blank one');
  // The screenshot's size is the window's: the page was laid out at 1280 wide.
  const info = execFileSync(
    'python3',
    [
      '-c',
      `import struct;d=open(${JSON.stringify(png)},'rb').read(24);print(*struct.unpack('>II',d[16:24]))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(info.trim(), '1280 2000');
});

test('report --json: each firing with its replay command and the processes then; the terminal links it', () => {
  const r = runCli(['report', '--since', '4h', '--json', '--data-dir', dataDir], env);
  assert.equal(r.code, 0, r.stderr);
  const data = JSON.parse(r.stdout) as {
    hostname: string;
    timeZone: string;
    peaks: Record<string, number | null>;
    alerts: {
      id: string;
      firedAt: string;
      replay: string;
      processes: { pid: number; subject: boolean; cmdline: string }[] | null;
    }[];
    trends: { diskUsedPercent: (number | null)[] };
  };
  assert.match(data.timeZone, /^[+-]\d\d:\d\d$/);
  assert.ok((data.peaks.cpuPercent ?? 0) > 0);
  assert.equal(data.trends.diskUsedPercent.length, 60);
  const [disk, stormAlert] = data.alerts;
  assert.equal(disk?.replay, 'vigil status --at disk_low-00000000000b');
  assert.equal(Date.parse(stormAlert!.firedAt), firings[0]);
  const subjects = stormAlert!.processes!.filter((p) => p.subject).map((p) => p.pid);
  assert.deepEqual(
    subjects.sort((a, b) => a - b),
    storm,
  );
  assert.ok(stormAlert!.processes!.every((p) => !p.cmdline.includes('sk-live')));
  const text = runCli(['report', '--since', '4h', '--data-dir', dataDir], env);
  assert.match(
    text.stdout,
    /ghost_process_storm: six identical mcp_server\.py servers .*\n\s+replay: vigil status --at ghost_process_storm-00000000000a/,
  );
});
