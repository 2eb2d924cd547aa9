// Writes docs/keymaps.md from the keymaps: `node keymaps/gen-docs.ts` (from the repo root).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keymapDocs } from './docs.ts';

const target = fileURLToPath(new URL('../docs/keymaps.md', import.meta.url));
writeFileSync(target, keymapDocs());
process.stdout.write(`wrote ${target}\n`);
