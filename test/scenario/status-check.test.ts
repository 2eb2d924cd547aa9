// `vigil status --check` as a monitoring system runs it: one line on stdout, exit 0/1/2/3. The
// kernel log is an empty file here (VIGIL_DEV_ROOT), so OOM kills left in this machine's log by
// other tests do not decide the state.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { jsonLines, REPO, reapAll, runCli, startCli, waitFor } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-check-'));
const dev = join(root, 'dev');
mkdirSync(dev);
writeFileSync(join(dev, 'kmsg'), '');
const children: ChildProcess[] = [];
after(async () => {
  await reapAll(children);
  rmSync(root, { recursive: true, force: true });
});

function check(args: string[], config: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(root, `config-${children.length}-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, config);
  return runCli(['status', '--check', '--config', file, ...args], {
    VIGIL_DEV_ROOT: dev,
    VIGIL_DATA_DIR: join(root, 'data'),
    LANG: 'C',
    ...env,
  });
}

/** Plugin output: exactly one line, `VIGIL STATE - summary | perfdata`. */
function line(stdout: string, state: string): string {
  const lines = stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, stdout);
  assert.match(lines[0]!, new RegExp(`^VIGIL ${state} - [^|\\n]+( \\| [^|\\n]+)?$`));
  return lines[0]!;
}

test('OK (exit 0) on a quiet machine: the fixture /proc, perfdata with the thresholds in force', () => {
  const r = check([], '[thresholds]\nram_warn_percent = 70\nram_critical_percent = 95\n', {
    VIGIL_PROC_ROOT: join(REPO, 'test/fixtures/proc/basic'),
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const l = line(r.stdout, 'OK');
  assert.match(
    l,
    /^VIGIL OK - no alerts \| alerts=0 critical=0 high=0 medium=0 low=0 ram_used=[\d.]+%;70;95 /,
  );
  assert.match(l, / swap_used=50%;50 load1=0\.06;4$/);
});

test('WARNING (exit 1): duplicate processes a running daemon has seen', async () => {
  for (let i = 0; i < 5; i++) children.push(spawn('sleep', ['3600.4711'], { stdio: 'ignore' }));
  const config = join(root, 'dups.toml');
  writeFileSync(config, '[general]\ninterval_secs = 0.2\n[thresholds]\nmax_duplicate_processes = 3\n');
  const daemon = startCli(['--headless', '--config', config], {
    VIGIL_DEV_ROOT: dev,
    VIGIL_DATA_DIR: join(root, 'data'),
  });
  children.push(daemon);
  await waitFor(
    () =>
      jsonLines(daemon.err()).some(
        (l) => l.event === 'alert fired' && JSON.stringify(l).includes('duplicate_processes'),
      ),
    20_000,
    'the daemon to fire duplicate_processes',
  );
  const r = check([], '[thresholds]\nmax_duplicate_processes = 3\n');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const l = line(r.stdout, 'WARNING');
  assert.match(l, /duplicate_processes \(\d+ pids, [\d.]+[KM]\)/);
  assert.match(l, / medium=[1-9]\d* /);
  assert.match(l, / disk_root_free=[\d.]+%;10:;5:/);
});

test('CRITICAL (exit 2): a filesystem under the critical free space', () => {
  const r = check([], '[thresholds]\ndisk_min_free_percent = 99.5\ndisk_critical_free_percent = 99\n');
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const l = line(r.stdout, 'CRITICAL');
  assert.match(l, /disk_low \//);
  assert.match(l, / critical=[1-9]\d* /);
  assert.match(l, / disk_root_free=[\d.]+%;99\.5:;99:/);
});

test('UNKNOWN (exit 3): usage errors, a bad config, an unreadable /proc', () => {
  const empty = join(root, 'empty-proc');
  mkdirSync(empty);
  const cases: [string[], string, NodeJS.ProcessEnv, RegExp][] = [
    [['--top', 'abc'], '', {}, /--top expects a number, got 'abc'/],
    [['--bogus'], '', {}, /unknown option --bogus/],
    [['extra'], '', {}, /unexpected argument 'extra'/],
    [['--json'], '', {}, /--check and --json cannot be used together/],
    [[], '[general]\nmode = "loud"\n', {}, /invalid configuration/],
    [[], '', { VIGIL_PROC_ROOT: empty }, /cannot read the machine state \(cpu, memory, processes\)/],
  ];
  for (const [args, config, env, re] of cases) {
    const r = check(args, config, env);
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(line(r.stdout, 'UNKNOWN'), re, args.join(' '));
  }
});
