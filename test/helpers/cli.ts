import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/** Run the CLI from source to completion (no TTY). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    // `status --json` lists every process: past 1 MiB (spawnSync's default) on a busy machine.
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

/** Start the CLI in the background; collect its output as it comes. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess & { out: () => string; err: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return Object.assign(child, { out: () => out, err: () => err });
}

/** Parse JSON lines, ignoring anything that is not an object. */
export function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a partial line at the end of a stream
    }
  }
  return out;
}

/** Poll until `check` returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Wait for a child to exit; resolves with its exit code (or signal name). */
export function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** Poll `cond` until it holds or `ms` pass; the final answer, for tests that assert on it. */
export async function until(cond: () => boolean, ms = 8000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

/** Kill (SIGKILL) and reap every child a test started; for `after`, so none outlives a failure. */
export async function reapAll(children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) {
    c.kill('SIGKILL');
    await exited(c);
  }
}
