// The TUI's ports (screens/ports.ts) on a data dir, as `vigil watch` builds them, without a screen
// or an engine: what a dialog calls, for tests of the paths behind it (the ledger, the policy).
import { createPorts } from '../../screens/ports.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { memoryLogger } from '../../src/core/log.ts';

export function portsOn(dataDir: string, config: VigilConfig) {
  return createPorts({
    config: () => config,
    engine: { latest: () => undefined },
    log: memoryLogger(),
    env: {},
    reload: async () => ({ config: null, message: '' }),
    dataDir,
  });
}
