// A real headless run records history; `vigil report` then shows what it fired (JSON, terminal,
// HTML), and bad usage exits 2.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-report-'));
const dataDir = join(root, 'data');
const configFile = join(root, 'config.toml');
const env = { XDG_CONFIG_HOME: join(root, 'cfg'), VIGIL_DATA_DIR: '' };
after(() => rmSync(root, { recursive: true, force: true }));

before(() => {
  // ram_high fires for sure: any used RAM is above 1 %, at once.
  writeFileSync(
    configFile,
    '[thresholds]\nram_warn_percent = 1\nram_critical_percent = 99\nram_for_secs = 0\n[history]\nsnapshot_interval_secs = 1\n',
  );
  const r = runCli(
    ['--headless', '--interval', '0.2', '--ticks', '12', '--data-dir', dataDir, '--config', configFile],
    env,
  );
  assert.equal(r.code, 0, r.stderr);
});

test('vigil report --json --since 1h lists the alerts the headless run fired', () => {
  const r = runCli(['report', '--json', '--since', '1h', '--data-dir', dataDir], env);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as {
    historyAvailable: boolean;
    samples: number;
    alerts: {
      id: string;
      rule: string;
      severity: string;
      firedAt: string;
      resolvedAt: string | null;
      endReason: string | null;
    }[];
    topOffenders: { byRss: { pid: number; peakRssBytes: number }[]; byCpu: unknown[] };
    trends: { cpuPercent: (number | null)[]; memUsedPercent: (number | null)[]; times: string[] };
  };
  assert.equal(report.historyAvailable, true);
  assert.ok(report.samples >= 2, `samples: ${report.samples}`);
  const ram = report.alerts.find((a) => a.rule === 'ram_high');
  assert.ok(ram, `ram_high in ${JSON.stringify(report.alerts.map((a) => a.rule))}`);
  assert.equal(ram.severity, 'high');
  assert.ok(Date.now() - Date.parse(ram.firedAt) < 3_600_000);
  // The daemon stopped while it was firing: the occurrence is closed as unwatched.
  assert.equal(ram.endReason, 'recorder_stopped');
  assert.ok(report.topOffenders.byRss.length > 0);
  assert.ok(report.topOffenders.byRss[0]!.peakRssBytes > 0);
  assert.equal(report.trends.times.length, report.trends.cpuPercent.length);
  assert.ok(report.trends.memUsedPercent.some((v) => v !== null && v > 0));
});

test('a data dir without history: an empty report, exit 0', () => {
  const empty = join(root, 'empty');
  const r = runCli(['report', '--json', '--since', '30m', '--data-dir', empty], env);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { historyAvailable: boolean; alerts: unknown[] };
  assert.equal(report.historyAvailable, false);
  assert.deepEqual(report.alerts, []);
});

test('terminal report: timeline, offenders and sparklines', () => {
  const r = runCli(['report', '--since', '7d', '--data-dir', dataDir], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ram_high/);
  assert.match(r.stdout, /Top offenders by peak memory/);
  assert.match(r.stdout, /[▁▂▃▄▅▆▇█]/);
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour without a TTY');
});

test('HTML report: one self-contained file with inline SVG and no script', () => {
  const file = join(root, 'report.html');
  const r = runCli(['report', '--since', '24h', '--html', file, '--data-dir', dataDir, '--lang', 'fr'], env);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<svg [^>]*viewBox/);
  assert.match(html, /<polyline|<circle/);
  assert.match(html, /ram_high/);
  assert.match(html, /Tendances/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(src|href)=["']https?:/i, 'nothing fetched from the network');
  assert.match(html, /Content-Security-Policy/);
});

for (const bad of ['24', '1w', '0h', 'soon']) {
  test(`--since ${bad} is a usage error (exit 2, one line)`, () => {
    const r = runCli(['report', '--since', bad, '--data-dir', dataDir], env);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--since expects a duration like 30m, 24h or 7d/);
  });
}
