// One short child process that the daemon starts routinely — systemd-notify every half watchdog
// period, notify-send for alerts — with a fixed argument list (never a shell), stdin closed, its
// output collected, bounded in time. Node's execFile, not execa (through which the rarer tools
// go, loaded when first needed): execa's ~150 modules and the builtins they load stayed resident
// in the daemon for good after the first alert, ~3 MB (docs/performance.md, "Memory";
// docs/dependencies.md). node:child_process itself is loaded on the first run.

export interface RunFileResult {
  /** Exit code, or null when killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why it did not exit 0: could not start (`code` ENOENT…), timed out, aborted, failed. */
  error: string | null;
  /** The command could not be found. */
  missing: boolean;
  timedOut: boolean;
}

export interface RunFileOptions {
  /** The child's whole environment (nothing is inherited). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Aborting kills the child. */
  signal?: AbortSignal;
}

/** Run `command` with `args`; resolves (never rejects) with what happened. */
export async function runFile(
  command: string,
  args: readonly string[],
  opts: RunFileOptions,
): Promise<RunFileResult> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = execFile(
      command,
      [...args],
      {
        env: opts.env,
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (err, stdout, stderr) => {
        const e = err as
          | (Error & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals })
          | null;
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        const timedOut = !!e?.killed && e.name !== 'AbortError' && e.signal === 'SIGKILL';
        const missing = e?.code === 'ENOENT';
        let error: string | null = null;
        if (e) {
          if (missing) error = `${command}: not found`;
          else if (e.name === 'AbortError') error = `${command}: aborted`;
          else if (timedOut) error = `${command}: timed out after ${opts.timeoutMs} ms`;
          else if (code !== null) error = `${command}: exited with code ${code}`;
          else if (e.signal) error = `${command}: killed by ${e.signal}`;
          else error = `${command}: ${e.message}`;
        }
        resolve({ code, signal: e?.signal ?? null, stdout, stderr, error, missing, timedOut });
      },
    );
    child.stdin?.end();
  });
}
