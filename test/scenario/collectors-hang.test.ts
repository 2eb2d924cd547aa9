// No collector can stall a tick: a hung nvidia-smi (a fixture that sleeps) and a dead mount (a
// real FUSE mount whose server never answers, in a private mount namespace so nothing else on
// the machine sees it) are timed out, logged once, and sampling goes on.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DAEMON_NODE_ENV, DAEMON_NODE_FLAGS } from '../../src/cli/daemon-node.ts';
import type { Snapshot } from '../../src/core/types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = `${ROOT}test/fixtures/`;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-hang-'));
const children: ChildProcess[] = [];

after(() => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        c.kill('SIGKILL');
      }
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

const baseEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: tmp,
  XDG_CONFIG_HOME: `${tmp}/config`,
  VIGIL_DATA_DIR: `${tmp}/data`,
  LANG: 'C',
});

interface Run {
  child: ChildProcess;
  log: Record<string, unknown>[];
  stdout: () => string;
  exited: Promise<number | null>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  // Own process group, so cleanup can take the whole tree if a test fails half-way.
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  const log: Record<string, unknown>[] = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    let nl = err.indexOf('\n');
    while (nl >= 0) {
      const line = err.slice(0, nl);
      err = err.slice(nl + 1);
      try {
        log.push({ ...(JSON.parse(line) as Record<string, unknown>), at: Date.now() });
      } catch {
        log.push({ event: 'non-json', line, at: Date.now() });
      }
      nl = err.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, log, stdout: () => out, exited };
}

/** Children of `pid` by /proc/PID/stat (the hung nvidia-smi is a child of the daemon). */
function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = readFileSync(`/proc/${e}/stat`, 'latin1');
      const close = s.lastIndexOf(')');
      const ppid = Number(s.slice(close + 2).split(' ')[1]);
      if (ppid === pid) out.push({ pid: Number(e), comm: s.slice(s.indexOf('(') + 1, close) });
    } catch {
      // gone
    }
  }
  return out;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));

test('a hung nvidia-smi does not stall ticks; logged once; killed at shutdown', {
  timeout: 60_000,
}, async () => {
  const r = run(
    process.execPath,
    [`${ROOT}src/cli/main.ts`, '--headless', '--interval', '0.2', '--ticks', '12'],
    {
      ...baseEnv(),
      VIGIL_LOG_LEVEL: 'debug',
      VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi-hang`,
    },
  );
  // Find the hung nvidia-smi (the fixture execs `sleep 600`) while the daemon runs.
  let hung: number | null = null;
  const deadline = Date.now() + 20_000;
  while (hung === null && Date.now() < deadline && r.child.exitCode === null) {
    hung = childrenOf(r.child.pid!).find((c) => c.comm === 'sleep')?.pid ?? null;
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.ok(hung !== null, 'nvidia-smi was started');
  const code = await r.exited;
  assert.equal(code, 0);
  const ticks = r.log.filter((l) => l.event === 'tick');
  assert.equal(ticks.length, 12);
  const slow = r.log.filter((l) => l.event === 'collector too slow; tick continues without waiting');
  assert.equal(slow.length, 1, 'logged once');
  assert.equal(slow[0]!.collector, 'gpus');
  // Ticks went on while nvidia-smi hung: many ticks after the deadline passed and before
  // nvidia-smi's own timeout (5 s) ended it.
  const slowAt = r.log.indexOf(slow[0]!);
  const timeoutAt = r.log.findIndex(
    (l) => l.event === 'nvidia-smi did not answer in time; GPU sampling goes on',
  );
  const between = r.log
    .slice(slowAt, timeoutAt < 0 ? undefined : timeoutAt)
    .filter((l) => l.event === 'tick');
  assert.ok(between.length >= 5, `${between.length} ticks while nvidia-smi hung`);
  // No tick waited for it beyond the collector's deadline (400 ms), give or take a loaded machine.
  assert.ok(ticks.every((t) => (t.tickMs as number) < 5000));
  // Shutdown did not leave the hung child behind.
  assert.ok(!alive(hung), 'hung nvidia-smi killed');
  assert.equal(r.log.filter((l) => l.level === 'error').length, 0);
});

/** Runs `args` (a vigil command) in a private mount namespace where DIR is a dead FUSE mount. */
function inDeadMountNamespace(dir: string, args: string[], env: NodeJS.ProcessEnv): Run {
  // fd 3 is the FUSE device: nobody ever answers it, so any statfs on DIR blocks (like a dead
  // NFS server). `exec` keeps fd 3 open in vigil, so the mount stays dead until vigil exits.
  const script = `exec 3<>/dev/fuse && mount -t fuse -o fd=3,rootmode=40000,user_id=0,group_id=0 vigil-deadfs "$1" && shift && exec "$@"`;
  return run(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'bash',
      '-c',
      script,
      'deadfs',
      dir,
      process.execPath,
      // Started with the daemon's node flags and environment (below), so the daemon does not
      // re-execute itself: node marks inherited descriptors close-on-exec, and the mount would
      // die with fd 3.
      ...DAEMON_NODE_FLAGS,
      `${ROOT}src/cli/main.ts`,
      ...args,
    ],
    { ...env, ...DAEMON_NODE_ENV },
  );
}

test('a dead mount (FUSE server that never answers) never blocks status or the daemon', {
  timeout: 90_000,
}, async () => {
  assert.ok(existsSync('/dev/fuse'), '/dev/fuse is needed for a real dead mount');
  const dir = `${tmp}/deadfs`;
  mkdirSync(dir);

  const st = inDeadMountNamespace(dir, ['status', '--json'], baseEnv());
  const code = await st.exited;
  assert.equal(code, 0, JSON.stringify(st.log));
  const snap = JSON.parse(st.stdout()) as Snapshot;
  assert.ok(
    snap.disks.some((d) => d.mount === '/'),
    'local filesystems still reported',
  );
  assert.ok(!snap.disks.some((d) => d.mount === dir), 'the dead mount is left out, not waited for');

  const d = inDeadMountNamespace(dir, ['--headless', '--interval', '0.2', '--ticks', '15'], {
    ...baseEnv(),
    VIGIL_LOG_LEVEL: 'debug',
  });
  assert.equal(await d.exited, 0, JSON.stringify(d.log.slice(-5)));
  const ticks = d.log.filter((l) => l.event === 'tick');
  assert.equal(ticks.length, 15);
  const hung = d.log.filter((l) => l.event === 'filesystem not responding; skipped until it answers');
  assert.equal(hung.length, 1, 'logged once');
  assert.equal(hung[0]!.mount, dir);
  assert.equal(hung[0]!.fsType, 'fuse');
  const at = d.log.indexOf(hung[0]!);
  assert.ok(d.log.slice(at).filter((l) => l.event === 'tick').length >= 1, 'ticks after the timeout');
});
