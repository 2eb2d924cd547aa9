// User names for uids, for the engine's snapshots, the action confirmations, explain and the TUI.
import { readFileSync } from 'node:fs';
import { parsePasswd } from './parse.ts';

/** uid → name, from the passwd file (read once per call site; falls back to the number). */
export function userResolver(passwdPath = '/etc/passwd'): (uid: number) => string {
  let users: Map<number, string> | null = null;
  return (uid) => {
    if (!users) {
      try {
        users = parsePasswd(readFileSync(passwdPath, 'utf8'));
      } catch {
        users = new Map();
      }
    }
    return users.get(uid) ?? String(uid);
  };
}
