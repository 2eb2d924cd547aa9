// A process whose command line carries a marker, for tests that find it on screen or in /proc:
// `sh -c 'sleep 600; true' MARKER` (sh stays alive for the two commands, so the marker is in its
// /proc/PID/cmdline and its comm is `sh`). It leads a process group of its own, so `endMarked`
// ends the `sleep` under it too — also when the test, or the Vigil under test, killed the sh
// first, which leaves its sleep to init (17 `sleep 600` outlived one full run that way).
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export function spawnMarked(marker: string, extra: string[] = [], opts: SpawnOptions = {}): ChildProcess {
  return spawn('/bin/sh', ['-c', 'sleep 600; true', marker, ...extra], {
    stdio: 'ignore',
    ...opts,
    detached: true,
  });
}

/**
 * SIGKILL to each marked process's group (the sh if it lives, and the sleep under it), and to
 * each child itself: a test's other children (not marked) lead no group of their own.
 */
export function endMarked(children: Iterable<ChildProcess>): void {
  for (const c of children) {
    if (!c.pid) continue;
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // no such group: not a marked process, or the whole group is gone already
    }
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}
