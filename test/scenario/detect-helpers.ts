// Real processes for the detection scenarios: a `node` host that starts identical
// `python3 mcp_server.py` servers (each holding real memory), detached or not, and exits; busy
// orphans at a chosen CPU share; zombies; fake systemd units (a pid written into a cgroup of the
// systemd or unified hierarchy, as TESTING.md describes). Everything is reaped and removed by
// the caller's `after` through `cleanup()`, even when a test fails.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON, reap, spawnWithLine, until } from './rules-helpers.ts';

/** Total RAM in bytes, as the memory collector reads it. */
export function memTotalBytes(): number {
  return Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'latin1'))![1]) * 1024;
}

export interface Rig {
  dir: string;
  /** Every pid started (servers, orphans, zombies' parents): reaped by cleanup(). */
  pids: Set<number>;
  /** Start `n` servers of `mb` MiB each from a node host that exits after `exitAfterMs`. */
  storm(o: { n: number; mb: number; detached: boolean; exitAfterMs?: number; tag?: string }): Promise<{
    hostPid: number;
    pids: number[];
  }>;
  /** A process using about `percent` % of one core, orphaned (its bash exits at once). */
  busyOrphan(percent: number): Promise<number>;
  /** A parent that leaves `n` zombie children unreaped: [parent, ...zombies]. */
  zombies(n: number): Promise<number[]>;
  /**
   * `n` identical sleepers under a live shell: [shell, ...sleepers]. Their argv0 is unique to this
   * run, so they never join other `sleep` copies left on the machine (numbers are folded).
   */
  sleepers(n: number, secs: number): Promise<number[]>;
  /** A fake unit: a cgroup the given pids are moved into. */
  unit(kind: 'service' | 'user', name: string): { path: string; add(pids: number[]): void };
  cleanup(): Promise<void>;
}

const SERVER =
  'import sys, time\ndata = b"x" * (int(sys.argv[1]) * 1024 * 1024)\nwhile True:\n    time.sleep(1)\n';
const HOST = `const { spawn } = require('node:child_process');
const [n, py, script, mb, detached, exitAfter, tag] = process.argv.slice(2);
const pids = [];
for (let i = 0; i < Number(n); i++) {
  const c = spawn(py, [script, mb, tag], { stdio: 'ignore', detached: detached === '1' });
  c.unref();
  pids.push(c.pid);
}
process.stdout.write(JSON.stringify(pids) + '\\n');
setTimeout(() => process.exit(0), Number(exitAfter));
`;
const BUSY = `import sys, time
duty = float(sys.argv[1]) / 100.0
period = 0.05
while True:
    w = time.monotonic()
    c = time.process_time()
    while time.process_time() - c < duty * period:
        pass
    time.sleep(max(0.0, period - (time.monotonic() - w)))
`;

export function createRig(prefix: string): Rig {
  const dir = mkdtempSync(join(tmpdir(), `vigil-${prefix}-`));
  const server = join(dir, 'mcp_server.py');
  const host = join(dir, 'host.cjs');
  const busy = join(dir, 'busy.py');
  writeFileSync(server, SERVER);
  writeFileSync(host, HOST);
  writeFileSync(busy, BUSY);
  const pids = new Set<number>();
  const children: ChildProcess[] = [];
  const cgroups: string[] = [];

  return {
    dir,
    pids,
    async storm(o) {
      const { child, line } = await spawnWithLine(process.execPath, [
        host,
        String(o.n),
        PYTHON,
        server,
        String(o.mb),
        o.detached ? '1' : '0',
        String(o.exitAfterMs ?? 1500),
        o.tag ?? 'storm',
      ]);
      children.push(child);
      const list = (JSON.parse(line) as number[]).sort((a, b) => a - b);
      for (const p of list) pids.add(p);
      return { hostPid: child.pid!, pids: list };
    },
    async busyOrphan(percent) {
      const { child, line } = await spawnWithLine('bash', ['-c', `${PYTHON} ${busy} ${percent} & echo $!`]);
      children.push(child);
      const pid = Number(line);
      pids.add(pid);
      await until('the orphan to be reparented', () => child.exitCode !== null || null);
      return pid;
    },
    async zombies(n) {
      const { child, line } = await spawnWithLine(PYTHON, [
        '-c',
        `import os, time\nkids = []\nfor i in range(${n}):\n    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    kids.append(pid)\nprint(" ".join(map(str, kids)), flush=True)\ntime.sleep(300)\n`,
      ]);
      children.push(child);
      pids.add(child.pid!);
      return [child.pid!, ...line.split(' ').map(Number)];
    },
    async sleepers(n, secs) {
      const { child, line } = await spawnWithLine('bash', [
        '-c',
        `for i in $(seq ${n}); do (exec -a vigil-sleeper-${process.pid} sleep ${secs}) & done; echo $(jobs -p); wait`,
      ]);
      children.push(child);
      const list = line.trim().split(/\s+/).map(Number);
      for (const p of list) pids.add(p);
      pids.add(child.pid!);
      return [child.pid!, ...list];
    },
    unit(kind, name) {
      const root =
        kind === 'service'
          ? ['/sys/fs/cgroup/systemd', 'system.slice', `${name}.service`]
          : ['/sys/fs/cgroup/unified', 'user.slice', 'user-0.slice', `app-${name}.scope`];
      const path = join(...root);
      // Removed leaf first: the unit, then only the slices this test made.
      const made: string[] = [];
      for (let i = 2; i <= root.length; i++) {
        const p = join(...root.slice(0, i));
        if (!existsSync(p)) made.unshift(p);
      }
      mkdirSync(path, { recursive: true });
      cgroups.push(...made);
      return {
        path,
        add(list) {
          for (const pid of list) writeFileSync(join(path, 'cgroup.procs'), String(pid));
        },
      };
    },
    async cleanup() {
      for (const c of children) if (c.pid) pids.add(c.pid);
      reap(pids);
      // A cgroup can be removed once its last process is gone (reaped by init, not a zombie).
      const deadline = Date.now() + 10_000;
      const deepestFirst = [...cgroups].sort((a, b) => b.split('/').length - a.split('/').length);
      for (const path of deepestFirst) {
        for (;;) {
          try {
            rmdirSync(path);
            break;
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'ENOENT') break;
            if (Date.now() > deadline) throw err;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
