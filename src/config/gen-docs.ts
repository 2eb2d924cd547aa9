// Writes docs/configuration.md from the schema: `node src/config/gen-docs.ts` (from the repo root).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDocs } from './docs.ts';

const target = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));
writeFileSync(target, renderDocs());
process.stdout.write(`wrote ${target}\n`);
