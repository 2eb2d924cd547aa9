// The Node.js check the entry point makes before anything else is loaded. An older Node does not
// fail cleanly: better-sqlite3's prebuilt addon segfaults on open under Node 20, and cosmiconfig
// needs a newer one too. So the entry point refuses, in one line, before a command (and with it
// any native addon) is imported. What this module loads must stay loadable by any Node still in
// use, and light: every start-up (`vigil --version`) loads it; the message (old-node.ts) is
// loaded only when it is needed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Node versions every dependency supports; package.json `engines` says the same (a test checks). */
export const SUPPORTED_NODE = '^22.18 || >=24';

/** Whether `version` (`v24.1.0`, `22.18.0`) is within SUPPORTED_NODE. Pure. */
export function nodeSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 18);
}

/**
 * The Node that npm installed beside Vigil (the optional dependency `node-linux-<arch>`), found
 * the way Node resolves packages from this file; null when there is none (`--omit=optional`,
 * another architecture).
 */
export function bundledNode(from: string = import.meta.url): string | null {
  try {
    const pkg = createRequire(from).resolve(`node-linux-${process.arch}/package.json`);
    return join(dirname(pkg), 'bin', 'node');
  } catch {
    return null;
  }
}

/** Whether this is the single-file executable (`npm run package`) rather than node + a script. */
export function isSea(): boolean {
  try {
    return (createRequire(import.meta.url)('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false; // a Node without node:sea
  }
}
