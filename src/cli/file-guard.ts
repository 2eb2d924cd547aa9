// The start-up gate on Vigil's files (SPEC §4): as root, a config, data dir or JSON log another
// user can write is refused (exit 2, the path and the fix named) before anything is read from or
// written to them; otherwise each problem is a warning. `vigil health` and `vigil config check`
// report the same findings themselves, so they are not stopped by it.
import { VigilError } from '../core/errors.ts';
import { currentUid } from '../core/files.ts';
import { fileTrust, findingText } from '../health/file-trust.ts';
import type { CliContext } from './types.ts';

/** Commands that report file problems instead of being stopped by them. */
const REPORTERS = new Set(['health', 'config']);

export function guardFiles(ctx: CliContext, uid = currentUid()): void {
  if (REPORTERS.has(ctx.command)) return;
  const findings = fileTrust({
    configPath: ctx.configPath,
    dataDir: ctx.dataDir,
    config: ctx.config,
    env: ctx.env,
    uid,
  });
  if (!findings.length) return;
  const lang = ctx.config.general.language;
  if (uid === 0) {
    throw new VigilError(findings.map((f) => findingText(f, lang, true)).join('\nvigil: '), 2);
  }
  for (const f of findings) {
    const text = findingText(f, lang, false);
    // The daemon's stderr stays one JSON object per line.
    if (ctx.command === 'headless') ctx.log.warn(text, { path: f.problem.path, issue: f.problem.issue });
    else ctx.stderr.write(`vigil: ${text}\n`);
  }
}
