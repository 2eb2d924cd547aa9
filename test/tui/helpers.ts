// Driving `vigil watch` in a real tmux: start a session, send keys, read the pane.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** POSIX-quote for the command line tmux hands to its shell. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface Session {
  name: string;
  capture(): string;
  /** The pane with attributes as escape sequences (colours, inverse). */
  captureEscapes(): string;
  keys(...keys: string[]): void;
  /** Type text literally. */
  type(text: string): void;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Wait until `re` is no longer on screen (a dialog closed). Waiting for something behind the
   * dialog is not enough: it is visible around it, and a key sent right after Escape would be
   * read with it as Alt+key.
   */
  waitForGone(re: RegExp, timeoutMs?: number): Promise<string>;
  title(): string;
  kill(): void;
}

/**
 * Start `node src/cli/main.ts ARGS` in a detached tmux session of the given size; after vigil
 * exits the pane prints VIGIL-EXIT=<code> and stays a while so the test can read it.
 */
export function startVigil(
  name: string,
  args: string[],
  opts: { cols?: number; rows?: number; env?: Record<string, string>; unset?: string[] } = {},
): Session {
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${q(v)}`);
  // A tmux session inherits the tmux server's environment: unset what must not leak in.
  const unset = (opts.unset ?? []).flatMap((k) => ['-u', q(k)]);
  const cmd = [
    'env',
    ...unset,
    ...env,
    q(process.execPath),
    'src/cli/main.ts',
    ...args.map(q),
    '2>>' + q(`/tmp/${name}.stderr`),
    '; echo VIGIL-EXIT=$?; sleep 120',
  ].join(' ');
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(opts.cols ?? 120),
    '-y',
    String(opts.rows ?? 40),
    '-c',
    ROOT,
    cmd,
  );
  const session: Session = {
    name,
    capture: () => tmux('capture-pane', '-p', '-t', name),
    captureEscapes: () => tmux('capture-pane', '-p', '-e', '-t', name),
    keys: (...keys) => {
      tmux('send-keys', '-t', name, ...keys);
    },
    type: (text) => {
      tmux('send-keys', '-t', name, '-l', text);
    },
    async waitFor(re, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        try {
          last = session.capture();
        } catch {
          last = '';
        }
        if (re.test(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${re} in tmux session ${name}; pane:\n${last}`);
    },
    async waitForGone(re, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = session.capture();
        if (!re.test(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${re} to go in tmux session ${name}; pane:\n${last}`);
    },
    title: () => tmux('display', '-p', '-t', name, '#{pane_title}').trim(),
    kill: () => {
      try {
        tmux('kill-session', '-t', name);
      } catch {
        // already gone
      }
    },
  };
  return session;
}
