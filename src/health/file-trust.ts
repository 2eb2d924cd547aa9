// Who besides us could change Vigil's config, data dir and JSON log (SPEC §4). As root Vigil
// refuses to run when another user could (they could make it append text any process chose to
// a file of their choosing, or run it with their settings); otherwise it warns. `vigil health`
// reports the same findings, and the modes of the files already in the data dir.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, VigilConfig } from '../config/types.ts';
import {
  currentUid,
  modeText,
  type PathProblem,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  trustProblems,
} from '../core/files.ts';
import { defaultDataDir, logFilePath } from '../core/paths.ts';
import { t } from '../i18n/index.ts';

export type TrustedPath = 'config' | 'data_dir' | 'log_file';

export interface TrustFinding {
  what: TrustedPath;
  problem: PathProblem;
}

export interface TrustInput {
  /** The config file in force, or null (defaults only). */
  configPath: string | null;
  dataDir: string;
  config: VigilConfig;
  env: NodeJS.ProcessEnv;
  uid?: number;
}

/** The JSON log in force for this config and data dir. */
export function jsonLogPath(i: Pick<TrustInput, 'config' | 'dataDir' | 'env'>): string {
  return logFilePath(i.config.notifications.log_file, i.dataDir, defaultDataDir(i.env), i.env.HOME);
}

/** Every way another user could tamper with the config, the data dir or the JSON log. */
export function fileTrust(i: TrustInput): TrustFinding[] {
  const uid = i.uid ?? currentUid();
  const out: TrustFinding[] = [];
  const seen = new Set<string>();
  const add = (what: TrustedPath, problems: PathProblem[]) => {
    for (const problem of problems) {
      // A directory shared by two of them (the data dir holds the log) is said once.
      const key = `${problem.path}:${problem.issue}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ what, problem });
    }
  };
  // The config and the data dir may be links (dotfile managers, a data dir on another disk):
  // their targets are judged. The JSON log is opened without following links: a link is a problem.
  if (i.configPath) add('config', trustProblems(i.configPath, { kind: 'file', followLink: true, uid }));
  add('data_dir', trustProblems(i.dataDir, { kind: 'dir', followLink: true, uid }));
  add('log_file', trustProblems(jsonLogPath(i), { kind: 'file', uid }));
  return out;
}

/** One finding in words: what, the problem, the fix; refused as root, a warning otherwise. */
export function findingText(f: TrustFinding, lang: Language, refuse: boolean): string {
  const p = f.problem;
  const params = { path: p.path, uid: p.uid, mode: modeText(p.mode) };
  return t(lang, refuse ? 'files.refuse' : 'files.warn', {
    what: t(lang, `files.what.${f.what}`),
    problem: t(lang, `files.issue.${p.issue}`, params),
    fix: t(lang, `files.fix.${p.issue}`, params),
  });
}

/** Files already in the data dir (or the dir itself) with a wider mode than Vigil gives them. */
export function looseModes(dataDir: string): { path: string; mode: number; want: number }[] {
  const out: { path: string; mode: number; want: number }[] = [];
  let names: string[];
  try {
    const st = lstatSync(dataDir);
    if (st.isDirectory() && (st.mode & 0o777) !== PRIVATE_DIR_MODE)
      out.push({ path: dataDir, mode: st.mode, want: PRIVATE_DIR_MODE });
    names = readdirSync(dataDir);
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const st = lstatSync(join(dataDir, name));
      if (st.isFile() && st.mode & 0o077)
        out.push({ path: join(dataDir, name), mode: st.mode, want: PRIVATE_FILE_MODE });
    } catch {
      // removed meanwhile
    }
  }
  return out;
}
