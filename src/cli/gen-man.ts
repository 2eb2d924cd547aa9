// Writes docs/vigil.1 from the command table: `node src/cli/gen-man.ts` (npm run man).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vigilVersion } from '../core/version.ts';
import { GLOBAL_FLAGS } from './args.ts';
import { renderMan } from './man.ts';
import { HIDDEN, loadCommands } from './registry.ts';

const target = fileURLToPath(new URL('../../docs/vigil.1', import.meta.url));
writeFileSync(target, renderMan(await loadCommands(), HIDDEN, GLOBAL_FLAGS, vigilVersion()));
process.stdout.write(`wrote ${target}\n`);
