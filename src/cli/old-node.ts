// The one line an unsupported Node gets (src/cli/runtime.ts decides). Apart from runtime.ts so
// that the catalogue and the config schema it needs are loaded only then, never on the start-up
// path of a supported Node (`vigil --version`, docs/performance.md). Loadable by any Node in use.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { languageFromEnv } from '../config/schema.ts';
import { t } from '../i18n/index.ts';
import { SUPPORTED_NODE } from './runtime.ts';

/** The one line an unsupported Node gets, in the user's language. */
export function oldNodeMessage(
  version: string,
  execPath: string,
  bundled: string | null,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const lang = languageFromEnv(env);
  const how = bundled ? t(lang, 'cli.nodeHowBundled', { node: bundled }) : t(lang, 'cli.nodeHow');
  return t(lang, 'cli.nodeTooOld', { supported: SUPPORTED_NODE, version, path: execPath, how });
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
