#!/usr/bin/env node
// The `vigil` entry point: check the Node it runs on (an older one gets one line, before any
// native addon is loaded), answer `vigil --version` with nothing else loaded (start-up is
// measured against a bare `node -e 0`, docs/performance.md), and hand everything else to
// start.ts. Command modules are imported lazily (src/cli/registry.ts) so a one-shot command
// never loads the TUI, SQLite or the AI SDK.
import { vigilVersion } from '../core/version.ts';
import { isSea, nodeSupported } from './runtime.ts';

/** `vigil --version` or `vigil -v`, alone. */
const versionOnly = (argv: string[]) => argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v');

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/vigil') || isSea()) {
  if (!nodeSupported(process.version)) {
    void import('./old-node.ts').then(({ bundledNode, oldNodeMessage }) => {
      process.stderr.write(`vigil: ${oldNodeMessage(process.version, process.execPath, bundledNode())}\n`);
      process.exit(1);
    });
  } else if (versionOnly(process.argv.slice(2))) {
    // One write(2): process.stdout would build a stream first (~3 ms, docs/performance.md).
    try {
      process.getBuiltinModule('node:fs').writeSync(1, `${vigilVersion()}\n`);
    } catch {
      // stdout closed (`vigil --version | true`): nothing to say it to
    }
  } else {
    void import('./start.ts').then(({ start }) => start());
  }
}
