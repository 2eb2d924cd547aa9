// A real OOM kill inside a small memory cgroup (cgroup v1, /sys/fs/cgroup/memory) while
// `vigil --headless --interval 0.2` runs: the daemon logs a structured `kernel oom_kill` line
// with the victim's pid and name.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;
const MEMCG = '/sys/fs/cgroup/memory';
const tmp = mkdtempSync(join(tmpdir(), 'vigil-oom-'));
const cgroup = `${MEMCG}/vigil-test-oom-${process.pid}`;
const children: ChildProcess[] = [];

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (existsSync(cgroup)) {
    try {
      rmdirSync(cgroup);
    } catch {
      // still populated for a moment after a kill; the next line retries once
      setTimeout(() => existsSync(cgroup) && rmdirSync(cgroup), 500);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

function lines(child: ChildProcess): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        out.push({ event: 'non-json', line });
      }
      nl = buf.indexOf('\n');
    }
  });
  return out;
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a real OOM kill in a memory cgroup is a structured kernel event of the daemon', {
  timeout: 60_000,
}, async () => {
  assert.ok(existsSync(`${MEMCG}/cgroup.procs`), 'cgroup v1 memory controller (see TESTING.md)');
  const daemon = spawn(process.execPath, [`${ROOT}src/cli/main.ts`, '--headless', '--interval', '0.2'], {
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      XDG_CONFIG_HOME: `${tmp}/config`,
      VIGIL_DATA_DIR: `${tmp}/data`,
      VIGIL_LOG_LEVEL: 'debug',
      LANG: 'C',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(daemon);
  const log = lines(daemon);
  // The kernel log is opened on the first tick: only what happens after it is news.
  await until('the first tick', () => log.find((l) => l.event === 'tick'));

  mkdirSync(cgroup);
  writeFileSync(`${cgroup}/memory.limit_in_bytes`, String(16 * 1024 * 1024));
  // bash moves itself into the cgroup, then becomes `tail`, which buffers /dev/zero forever.
  const victim = spawn('bash', ['-c', `echo $BASHPID > ${cgroup}/cgroup.procs && exec tail /dev/zero`], {
    stdio: 'ignore',
  });
  children.push(victim);
  const [, signal] = (await until('the victim to die', () =>
    victim.exitCode !== null || victim.signalCode !== null ? [victim.exitCode, victim.signalCode] : undefined,
  )) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL', 'killed by the OOM killer');

  const oom = await until('the kernel oom_kill line', () =>
    log.find((l) => l.event === 'kernel oom_kill' && l.pid === victim.pid),
  );
  assert.equal(oom.level, 'warn');
  assert.equal(oom.name, 'tail');
  assert.equal(oom.cgroup, `/vigil-test-oom-${process.pid}`);
  assert.equal(oom.source, 'kmsg');
  assert.ok(typeof oom.rssBytes === 'number' && oom.rssBytes > 1024 * 1024, `rss ${oom.rssBytes}`);
  // Once, not once per tick.
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(log.filter((l) => l.event === 'kernel oom_kill' && l.pid === victim.pid).length, 1);

  rmdirSync(cgroup);
  daemon.kill('SIGTERM');
  const code = await until('the daemon to exit', () => daemon.exitCode ?? undefined, 10_000);
  assert.equal(code, 0);
});
