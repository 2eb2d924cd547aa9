// The daemon's Node settings, for a process that lives for months on a developer's machine
// (figures: docs/performance.md, "Memory"). The TUI (`vigil watch`) runs with them too, with a
// larger young generation (TUI_NODE_FLAGS): it lives as long, and without them V8 sized its heap
// for its allocation rate (107 → 158 MB in 10 minutes, still rising).
//
// V8 reads most of these when the process starts, before any of our code runs: set later
// (v8.setFlagsFromString) they no longer bound what start-up already grew. So `vigil --headless`
// (and `vigil watch`, once its command is known) replaces itself once, in the same pid, by a node
// started with them (process.execve); a unit written by `vigil service install` starts node with
// them directly and nothing is re-executed.
// Only stdin, stdout and stderr survive the re-exec: node marks other inherited descriptors
// close-on-exec at start-up.

/**
 * Node flags the daemon runs with:
 * - a 1 MiB young generation (V8 grows it to 8 MB during start-up, and the daemon keeps that);
 * - one V8 worker thread and no concurrent GC or compiler threads: every thread gets its own
 *   malloc arena, ~1.5 MB each once touched, for work that is a few ms a minute here;
 * - Maglev as the top tier, no TurboFan (`--max-opt=2`): as fast per tick here (23.0 against
 *   23.3 ms of CPU a second, side by side), and ~4 MB less resident — TurboFan's code in the
 *   node binary and its compilation zones (docs/performance.md, "Memory");
 * - V8's memory-saving heap sizing (`--optimize-for-size`): the old generation grows less past
 *   what is live before V8 collects it, ~5 MB less resident at 1,000 processes for ~3 ms of CPU a
 *   second at a 1 s interval (GC work, so a fifth of that at the default 5 s); a memory release
 *   every 10 s instead cost as much at 1 s and the same at every interval;
 * - `gc()` exposed, for the release below.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--v8-pool-size=1',
  '--single-threaded',
  '--max-opt=2',
  '--optimize-for-size',
  '--expose-gc',
];

/**
 * Environment the daemon (and the TUI) start with: glibc's malloc gives freed memory at the top
 * of its heap back at once instead of keeping 128 KiB and more (what V8's compiler zones and
 * SQLite free between ticks stayed resident: ~4 MB). Read by glibc when the process starts, so it
 * is set like the flags, by the re-exec or by the unit (`Environment=`). A value the user set wins.
 */
export const DAEMON_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '0' };

/**
 * The TUI's: the daemon's, with a 2 MiB young generation and TurboFan as the top tier (no
 * Maglev). A frame's strings and a tick's snapshot live about a second; with 1 MiB they outlived
 * two scavenges and were promoted, and the old generation was marked and compacted every ~20 s
 * (~45 ms each): 2.3 ms of CPU a second for ~5 MB less RSS. 4 MiB cost ~0.1 % of a core less
 * than 2 MiB, but its young generation (two 4 MiB halves) grew back after every release and kept
 * the TUI at 98–103 MB; with 2 MiB it stays at 86–95 MB (side by side over 6 minutes). TurboFan keeps the iterators and
 * argument lists of the render path off the heap: 2.50 % of a core against 2.65 % with Maglev,
 * side by side, for ~3 MB more (docs/performance.md). Not the daemon's memory-saving heap sizing
 * either: the TUI's CPU is the tighter of its two goals.
 */
export const TUI_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=2',
  ...DAEMON_NODE_FLAGS.filter((f) => !/^--(max-semi-space-size=|max-opt=|optimize-for-size)/.test(f)),
  '--no-maglev',
];

const flagName = (flag: string) => flag.split('=')[0]!.replace(/^--no-/, '--');

/**
 * The argv to start this process again with `flags` (DAEMON_NODE_FLAGS by default), or null
 * when node already runs with them (or with the user's own value for one of them: theirs win).
 * Pure.
 */
export function daemonExecArgs(
  execPath: string,
  execArgv: readonly string[],
  argv: readonly string[],
  flags: readonly string[] = DAEMON_NODE_FLAGS,
): string[] | null {
  const given = new Set(execArgv.map(flagName));
  const missing = flags.filter((f) => !given.has(flagName(f)));
  if (missing.length === 0) return null;
  return [execPath, ...execArgv, ...missing, ...argv.slice(1)];
}

/** The variables of DAEMON_NODE_ENV as this process has them (its start-up log says). Pure. */
export function nodeEnv(env: NodeJS.ProcessEnv): Record<string, string | null> {
  return Object.fromEntries(Object.keys(DAEMON_NODE_ENV).map((k) => [k, env[k] ?? null]));
}

/** The variables of DAEMON_NODE_ENV `env` lacks, or null when it has them all. Pure. */
export function daemonExecEnv(env: NodeJS.ProcessEnv): Record<string, string> | null {
  const missing = Object.entries(DAEMON_NODE_ENV).filter(([k]) => env[k] === undefined);
  return missing.length ? Object.fromEntries(missing) : null;
}

/**
 * Re-execute the current process with the daemon's settings when it lacks them and this node
 * can (process.execve: Node >= 22.15); otherwise return and run as started.
 */
export function execDaemonSettings(
  proc: NodeJS.Process = process,
  flags: readonly string[] = DAEMON_NODE_FLAGS,
): void {
  if (typeof proc.execve !== 'function') return;
  const extraEnv = daemonExecEnv(proc.env);
  const args =
    daemonExecArgs(proc.execPath, proc.execArgv, proc.argv, flags) ??
    (extraEnv ? [proc.execPath, ...proc.execArgv, ...proc.argv.slice(1)] : null);
  if (!args) return;
  try {
    proc.execve(proc.execPath, args, { ...proc.env, ...extraEnv });
  } catch {
    // Not allowed here (a seccomp filter, a permission model): run as started.
  }
}

/** How often the daemon hands freed memory back to the system. */
export const RELEASE_EVERY_MS = 60_000;

/**
 * How often the TUI does: its heap is ~2× the daemon's, so one release costs ~80 ms of CPU; every
 * 2 minutes it is 0.7 ms a second, and its resident memory stays within ~8 MB of where a release
 * leaves it instead of rising to where V8 would let it (~100 MB at 1,000 processes).
 */
export const TUI_RELEASE_EVERY_MS = 2 * 60_000;

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * When the first release comes: once start-up is over (modules loaded, the store migrated, the
 * first sweeps read every command line). Its garbage left ~10 MB of V8's pooled pages resident
 * until the first release, a whole interval later (docs/performance.md).
 */
export const FIRST_RELEASE_MS = 15_000;

/**
 * Between ticks, `firstAfterMs` after start and then at most once per `everyMs`: a full,
 * compacting GC that also shrinks the young generation and returns V8's pooled pages. Without
 * it, the old generation's headroom (sized by V8 from the allocation rate) and pages freed long
 * ago stay resident: ~9 MB at 1,000 processes, for ~25 ms of CPU a minute. A no-op when gc() is
 * not exposed (not re-executed). Returns whether it ran.
 */
export function memoryReleaser(
  now: () => number,
  gc: Gc | undefined = (globalThis as { gc?: Gc }).gc,
  everyMs = RELEASE_EVERY_MS,
  firstAfterMs = Math.min(everyMs, FIRST_RELEASE_MS),
): () => boolean {
  // The first wait is counted as if the last release had been that much before an interval.
  let last = now() - everyMs + firstAfterMs;
  return () => {
    if (!gc || now() - last < everyMs) return false;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    last = now();
    return true;
  };
}
