// The Node.js check the entry point makes before anything else is loaded. An older Node does not
// fail cleanly: better-sqlite3's prebuilt addon segfaults on open under Node 20, and cosmiconfig
// needs a newer one too. So the entry point refuses, in one line, before a command (and with it
// any native addon) is imported. What this module loads must stay loadable by any Node still in
// use, and light: every start-up (`vigil --version`) loads it, so it imports nothing (an ESM
// import of a builtin builds its whole namespace: `node:fs` alone loads its promises, streams and
// readline, ~3 ms); the message (old-node.ts) is loaded only when it is needed.

/** The Node versions every dependency supports; package.json `engines` says the same (a test checks). */
export const SUPPORTED_NODE = '^22.18 || >=24';

/** Whether `version` (`v24.1.0`, `22.18.0`) is within SUPPORTED_NODE. Pure. */
export function nodeSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 18);
}

/** Whether this is the single-file executable (`npm run package`) rather than node + a script. */
export function isSea(): boolean {
  try {
    // process.getBuiltinModule: Node >= 20.16; an older one is no single-file executable of ours.
    return process.getBuiltinModule?.('node:sea')?.isSea() ?? false;
  } catch {
    return false; // a Node without node:sea
  }
}
