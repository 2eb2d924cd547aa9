import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import type { Snapshot } from '../../src/core/types.ts';
import { runCli } from '../helpers/cli.ts';

const spawned: number[] = [];
after(() => {
  for (const pid of spawned) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function psTable(): Map<number, { ppid: number; state: string; rssKiB: number }> {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,rss='], { encoding: 'utf8' });
  const rows = new Map<number, { ppid: number; state: string; rssKiB: number }>();
  for (const line of r.stdout.trim().split('\n')) {
    const [pid, ppid, stat, rss] = line.trim().split(/\s+/);
    rows.set(Number(pid), { ppid: Number(ppid), state: stat!.charAt(0), rssKiB: Number(rss) });
  }
  return rows;
}

test('status --json agrees with ps on the live system, and a busy loop shows ~100% CPU', () => {
  const busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  spawned.push(busy.pid!);
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  spawned.push(sleeper.pid!);

  const before = psTable();
  const r = runCli(['status', '--json']);
  const afterPs = psTable();
  assert.equal(r.code, 0, r.stderr);
  const snap = JSON.parse(r.stdout) as Snapshot;

  // Only processes that lived through the whole window can be compared.
  const stable = [...before.keys()].filter((pid) => afterPs.has(pid));
  const mine = new Map(snap.processes.map((p) => [p.pid, p]));
  const missing = stable.filter((pid) => !mine.has(pid));
  assert.ok(missing.length <= 2, `processes missing from vigil: ${missing.join(', ')}`);

  let ppidOk = 0;
  let stateOk = 0;
  let rssOk = 0;
  let compared = 0;
  let rssStill = 0;
  for (const pid of stable) {
    const v = mine.get(pid);
    const p = afterPs.get(pid)!;
    if (!v) continue;
    compared++;
    rssStill++;
    if (v.ppid === p.ppid) ppidOk++;
    if (v.state === p.state || v.state === before.get(pid)!.state) stateOk++;
    // RSS can only be compared for processes whose RSS held still across the window (busy
    // processes allocate between the two ps runs and vigil's read).
    const b = before.get(pid)!;
    const near = (x: number, y: number) => Math.abs(x - y) <= Math.max(64, y * 0.05);
    if (!near(b.rssKiB, p.rssKiB)) {
      rssStill--;
    } else if (near(v.rssBytes / 1024, p.rssKiB) || near(v.rssBytes / 1024, b.rssKiB)) rssOk++;
  }
  assert.ok(compared > 10, `compared ${compared}`);
  assert.ok(ppidOk / compared >= 0.98, `ppid agrees for ${ppidOk}/${compared}`);
  assert.ok(stateOk / compared >= 0.9, `state agrees for ${stateOk}/${compared}`);
  assert.ok(rssStill > 10, `${rssStill} processes with a still RSS`);
  assert.ok(rssOk / rssStill >= 0.95, `rss agrees for ${rssOk}/${rssStill}`);

  const b = mine.get(busy.pid!);
  assert.ok(b, 'busy loop present');
  assert.ok(
    b.cpuPercent !== null && b.cpuPercent >= 50 && b.cpuPercent <= 110,
    `busy loop cpu ${b.cpuPercent}`,
  );
  const s = mine.get(sleeper.pid!)!;
  assert.equal(s.state, 'S');
  assert.equal(s.cmdline, 'sleep 60');
  assert.equal(s.ppid, process.pid);
  assert.ok((s.cpuPercent ?? 0) < 5);

  // The §5 shape: every top-level key, numbers as numbers, unknowns as null.
  for (const k of [
    'version',
    'time',
    'hostname',
    'uptimeSeconds',
    'cpu',
    'memory',
    'gpus',
    'disks',
    'network',
    'processes',
    'alerts',
  ]) {
    assert.ok(k in snap, `missing ${k}`);
  }
  assert.equal(typeof snap.cpu.usagePercent, 'number');
  assert.equal(snap.cpu.perCore.length, snap.cpu.cores);
  assert.ok(snap.memory.totalBytes > 0 && snap.memory.usedBytes > 0);
  assert.ok(!Number.isNaN(Date.parse(snap.time)));
  const keys = Object.keys(snap.processes[0]!);
  for (const k of [
    'pid',
    'ppid',
    'pgid',
    'uid',
    'user',
    'name',
    'cmdline',
    'state',
    'cpuPercent',
    'rssBytes',
    'threads',
    'fds',
    'startTime',
    'ageSeconds',
  ]) {
    assert.ok(keys.includes(k), `process field ${k}`);
  }
});

test('status --top N keeps the N busiest; the table view is readable', () => {
  const busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  spawned.push(busy.pid!);
  const r = runCli(['status', '--json', '--top', '3']);
  assert.equal(r.code, 0, r.stderr);
  const snap = JSON.parse(r.stdout) as Snapshot;
  assert.equal(snap.processes.length, 3);
  assert.ok(snap.processes.some((p) => p.pid === busy.pid));
  const t = runCli(['status', '--top', '5']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^Vigil /);
  assert.match(t.stdout, /PID USER\s+S\s+CPU%/);
  assert.doesNotMatch(t.stdout, /\u001b\[/, 'NO_COLOR: no ANSI');
});

test('bad usage: one line, exit 2, no stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['status', '--bogus'], /unknown option --bogus/],
    [['status', '--top', 'lots'], /--top expects a number/],
    [['status', '--top', '-3'], /--top expects a whole number/],
    [['status', '--mode', 'yolo'], /--mode must be one of observe, suggest, auto/],
    [['--headless', '--interval', '0'], /--interval expects a positive number/],
    [['--headless', '--ticks', '1.5'], /--ticks expects a whole number/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['status', '--config', '/nonexistent/vigil.toml'], /nonexistent\/vigil.toml: file not found/],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  // The same messages in French, with --lang or LANG.
  const fr: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['status', '--bogus', '--lang', 'fr'], {}, /option inconnue --bogus pour 'status'/],
    [['status', '--top', '-3'], { LANG: 'fr_FR.UTF-8' }, /--top attend un entier >= 0/],
    [['frobnicate'], { LANG: 'fr_FR.UTF-8' }, /commande inconnue 'frobnicate'/],
  ];
  for (const [args, env, re] of fr) {
    const r = runCli(args, { LC_ALL: '', LC_MESSAGES: '', ...env });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
  }
  const noTty = runCli([]);
  assert.equal(noTty.code, 2);
  assert.match(noTty.stderr, /--headless/);
});
