// `vigil status --check` rendering (src/cli/check.ts): the monitoring-plugin line, its perfdata
// and its exit code, on synthetic snapshots. test/scenario/status-check.test.ts runs the command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCode, diskLabel, perfdata, renderCheck } from '../../src/cli/check.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Alert } from '../../src/core/types.ts';
import { disk, GiB, MiB, memory, proc, snap } from './rules-fixtures.ts';

const config = defaultConfig({ LANG: 'C' });

function alert(o: Partial<Alert> & Pick<Alert, 'rule' | 'severity'>): Alert {
  return {
    id: `${o.rule}-${Math.random()}`,
    state: 'firing',
    since: '2026-01-01T12:00:00.000Z',
    message: 'm',
    subject: { pids: [] },
    suggestedCommand: null,
    ...o,
  };
}

/** The shape the plugin guidelines give: label=value[UOM];[warn];[crit] (ranges allowed). */
const PERF = /^[a-z0-9_]+=-?\d+(\.\d+)?%?(;(\d+(\.\d+)?:?)?(;(\d+(\.\d+)?:?)?)?)?$/;

test('OK: one line, no alerts, perfdata with the config thresholds', () => {
  const s = snap({
    memory: { ...memory(41), swapTotalBytes: 4 * GiB, swapUsedBytes: 1 * GiB },
    cpu: { ...snap().cpu, cores: 2, load1: 0.42 },
    disks: [disk({ mount: '/', freePercent: 31.04 }), disk({ mount: '/var/lib/docker', freePercent: 7.5 })],
  });
  const { line, code } = renderCheck(s, config);
  assert.equal(code, 0);
  assert.equal(
    line,
    'VIGIL OK - no alerts | alerts=0 critical=0 high=0 medium=0 low=0 ram_used=41%;80;90 swap_used=25%;50 load1=0.42;4 disk_root_free=31.04%;10:;5: disk_var_lib_docker_free=7.5%;10:;5:',
  );
  assert.doesNotMatch(line, /\n/);
  for (const p of line.split(' | ')[1]!.split(' ')) assert.match(p, PERF, p);
});

test('thresholds come from the config', () => {
  const c = defaultConfig({ LANG: 'C' });
  c.thresholds.ram_warn_percent = 70;
  c.thresholds.ram_critical_percent = 95;
  c.thresholds.swap_warn_percent = 20;
  c.thresholds.cpu_load_factor = 1.5;
  c.thresholds.disk_min_free_percent = 15;
  c.thresholds.disk_critical_free_percent = 3;
  const p = perfdata(snap({ cpu: { ...snap().cpu, cores: 8 }, disks: [disk({ mount: '/home' })] }), c);
  assert.ok(p.includes('ram_used=25%;70;95'), p.join(' '));
  assert.ok(p.includes('swap_used=0%;20'), 'no swap reads as 0 % used');
  assert.ok(p.includes('load1=0.1;12'));
  assert.ok(p.includes('disk_home_free=50%;15:;3:'));
});

test('CRITICAL for high/critical alerts, named worst first, with pids and RSS or the mount', () => {
  const storm = [11, 12, 13].map((pid) => proc({ pid, rssBytes: 512 * MiB }));
  const s = snap({
    processes: [...snap().processes, ...storm],
    alerts: [
      alert({ rule: 'duplicate_processes', severity: 'medium', subject: { pids: [11, 12, 13] } }),
      alert({ rule: 'disk_low', severity: 'critical', subject: { pids: [], mount: '/' } }),
      alert({ rule: 'ghost_process_storm', severity: 'high', subject: { pids: [11, 12, 13] } }),
      alert({ rule: 'orphan_cpu', severity: 'medium', subject: { pids: [12] } }),
      alert({ rule: 'ram_high', severity: 'high', state: 'resolved' }),
    ],
  });
  const { line, code } = renderCheck(s, config);
  assert.equal(code, 2);
  assert.match(
    line,
    /^VIGIL CRITICAL - 4 alerts: disk_low \/, ghost_process_storm \(3 pids, 1\.5G\), duplicate_processes \(3 pids, 1\.5G\), orphan_cpu \(pid 12, 512M\) \| alerts=4 critical=1 high=1 medium=2 low=0 /,
  );
});

test('WARNING for medium/low only; exit codes follow the worst firing severity', () => {
  const one = snap({ alerts: [alert({ rule: 'zombie', severity: 'low', subject: { pids: [99] } })] });
  assert.match(renderCheck(one, config).line, /^VIGIL WARNING - 1 alert: zombie \(pid 99\) \|/);
  assert.equal(renderCheck(one, config).code, 1);
  assert.equal(checkCode([]), 0);
  assert.equal(checkCode([alert({ rule: 'swap_high', severity: 'high', state: 'resolved' })]), 0);
  assert.equal(checkCode([alert({ rule: 'swap_high', severity: 'high' })]), 2);
});

test('a hostile mount point cannot break the line: no newline, no "|" before the perfdata', () => {
  const s = snap({
    disks: [disk({ mount: '/mnt/a|b\nc', freePercent: 1 })],
    alerts: [alert({ rule: 'disk_low', severity: 'critical', subject: { pids: [], mount: '/mnt/a|b\nc' } })],
  });
  const { line } = renderCheck(s, config);
  assert.doesNotMatch(line, /\n/);
  assert.equal(line.split('|').length, 2, line);
  assert.ok(line.includes('disk_mnt_a_b_c_free=1%;10:;5:'));
});

test('many alerts: five named, then "+N more"; labels stay unique', () => {
  const alerts = Array.from({ length: 8 }, (_, i) =>
    alert({ rule: 'zombie', severity: 'medium', subject: { pids: [i + 101] } }),
  );
  assert.match(
    renderCheck(snap({ alerts }), config).line,
    /8 alerts: (zombie \(pid \d+\), ){4}zombie \(pid 105\), \+3 more \|/,
  );
  assert.equal(diskLabel('/'), 'disk_root_free');
  assert.equal(diskLabel('/var/lib'), 'disk_var_lib_free');
  const p = perfdata(snap({ disks: [disk({ mount: '/a-b' }), disk({ mount: '/a_b' })] }), config);
  assert.ok(p.includes('disk_a_b_free=50%;10:;5:') && p.includes('disk_a_b_free_2=50%;10:;5:'), p.join(' '));
});

test('nothing read (no CPUs, no memory, no process): UNKNOWN, exit 3', () => {
  const s = snap({ cpu: { ...snap().cpu, cores: 0 }, memory: memory(0, 0), processes: [] });
  const { line, code } = renderCheck(s, config);
  assert.equal(code, 3);
  assert.equal(
    line,
    'VIGIL UNKNOWN - cannot read the machine state (cpu, memory, processes); nothing to judge',
  );
});

test('French summary, same protocol words', () => {
  const fr = defaultConfig({ LANG: 'fr_FR.UTF-8' });
  const s = snap({
    alerts: [alert({ rule: 'zombie', severity: 'low' }), alert({ rule: 'zombie', severity: 'low' })],
  });
  assert.match(renderCheck(s, fr).line, /^VIGIL WARNING - 2 alertes: zombie, zombie \| alerts=2 /);
});
