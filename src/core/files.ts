// Safe file creation (SPEC §4): the one module through which Vigil creates, appends to and
// replaces its files — the data dir (0700), the history database and SQLite's side files, the
// JSON log, the heartbeat, the TUI's log, reports, the config it writes (all 0600). A file is
// never opened through a symbolic link (O_NOFOLLOW), never one with other hard links, never one
// another user owns; trustProblems() says who besides us could change a path, so the CLI can
// refuse (as root) or warn before anything is written.
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
/** The sticky bit (S_ISVTX): in such a directory only an entry's owner may rename or remove it. */
const STICKY = 0o1000;

/** Why a path is not trusted: a link, another owner, writable by others, the wrong kind. */
export type PathIssue = 'symlink' | 'owner' | 'writable' | 'hardlink' | 'not_file' | 'not_dir';

export interface PathProblem {
  /** The path at fault: the file itself or one of its directories. */
  path: string;
  issue: PathIssue;
  uid: number;
  mode: number;
}

/** A path Vigil will not write (or read, for its own files) through; `message` is for logs. */
export class UnsafePathError extends Error {
  readonly problem: PathProblem;
  constructor(problem: PathProblem) {
    super(`${problem.path}: ${problem.issue} (uid ${problem.uid}, mode ${modeText(problem.mode)})`);
    this.problem = problem;
    this.name = 'UnsafePathError';
  }
}

/** `0755`, `1777`: the permission bits as `ls -l` users write them with chmod. */
export function modeText(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** The effective uid (0 when the platform has none). */
export function currentUid(): number {
  return process.getuid?.() ?? 0;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Can someone other than `uid` (and root) change what a directory holds? Its owner can; so can a
 * group or everyone with write permission — unless the sticky bit keeps them from replacing
 * entries they do not own (/tmp).
 */
function directoryProblem(path: string, st: Stats, uid: number): PathProblem | null {
  const problem = (issue: PathIssue): PathProblem => ({ path, issue, uid: st.uid, mode: st.mode });
  if (st.uid !== uid && st.uid !== 0) return problem('owner');
  if (st.mode & 0o022 && !(st.mode & STICKY)) return problem('writable');
  return null;
}

/** Problems of the directories leading to `path` (each existing one, from / down). */
function ancestorProblems(path: string, uid: number): PathProblem[] {
  const out: PathProblem[] = [];
  const parts: string[] = [];
  for (let d = dirname(path); ; d = dirname(d)) {
    parts.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of parts) {
    const st = lstatOrNull(d);
    // A symbolic link on the way is judged where it leads (the realpath pass below).
    if (!st || st.isSymbolicLink()) continue;
    const p = directoryProblem(d, st, uid);
    if (p) out.push(p);
  }
  return out;
}

/** The path with its existing part resolved (symlinks followed), for a second look. */
function realPrefix(path: string): string {
  let head = path;
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail);
    } catch {
      const up = dirname(head);
      if (up === head) return path;
      tail.unshift(basename(head));
      head = up;
    }
  }
}

export interface TrustOptions {
  /** What the path must be when it exists. */
  kind: 'file' | 'dir';
  /** Follow a symbolic link at the path itself (the config file, the data dir), judging its target. */
  followLink?: boolean;
  uid?: number;
}

/**
 * Who besides us could change what `path` names: its owner when not us, write permission for
 * others (on it, or on a directory above it without the sticky bit), a symbolic link where none
 * is followed, the wrong kind of file. Empty when only we (and root) can. A path that does not
 * exist yet is judged by its directories.
 */
export function trustProblems(path: string, opts: TrustOptions): PathProblem[] {
  const uid = opts.uid ?? currentUid();
  const abs = resolve(path);
  const seen = new Map<string, PathProblem>();
  const add = (ps: PathProblem[]) => {
    for (const p of ps) if (!seen.has(`${p.path}:${p.issue}`)) seen.set(`${p.path}:${p.issue}`, p);
  };
  add(ancestorProblems(abs, uid));
  const real = realPrefix(abs);
  if (real !== abs) add(ancestorProblems(real, uid));
  const st = lstatOrNull(abs);
  if (st?.isSymbolicLink() && !opts.followLink) {
    add([{ path: abs, issue: 'symlink', uid: st.uid, mode: st.mode }]);
  } else if (st) {
    const target = st.isSymbolicLink() ? lstatOrNull(real) : st;
    if (target) add(ownProblems(real, target, opts.kind, uid));
  }
  return [...seen.values()];
}

/** Problems of the object itself: kind, owner, write permission for others, extra hard links. */
function ownProblems(path: string, st: Stats, kind: 'file' | 'dir', uid: number): PathProblem[] {
  const problem = (issue: PathIssue): PathProblem => ({ path, issue, uid: st.uid, mode: st.mode });
  if (kind === 'dir' && !st.isDirectory()) return [problem('not_dir')];
  if (kind === 'file' && !st.isFile()) return [problem('not_file')];
  const out: PathProblem[] = [];
  if (st.uid !== uid) out.push(problem('owner'));
  // The object itself, sticky or not: others could create entries in it (a -wal link, a log).
  if (st.mode & 0o022) out.push(problem('writable'));
  if (kind === 'file' && st.nlink > 1) out.push(problem('hardlink'));
  return out;
}

/** Throw when an opened descriptor is not a regular file of ours with one link; tighten its mode. */
function checkOpened(fd: number, path: string, uid: number): void {
  const st = fstatSync(fd);
  const bad = ownProblems(path, st, 'file', uid).find((p) => p.issue !== 'writable');
  if (bad) throw new UnsafePathError(bad);
  if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) fchmodSync(fd, PRIVATE_FILE_MODE);
}

/**
 * Create `dir` (and missing parents) 0700, or tighten an existing one of ours to 0700. A link to
 * a directory is followed (a data dir may live elsewhere); one that belongs to another user, or
 * is not a directory, throws UnsafePathError.
 */
export function ensurePrivateDir(dir: string, uid = currentUid()): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const st = statSync(dir);
  const problem = (issue: PathIssue): PathProblem => ({ path: dir, issue, uid: st.uid, mode: st.mode });
  if (!st.isDirectory()) throw new UnsafePathError(problem('not_dir'));
  if (st.uid !== uid) throw new UnsafePathError(problem('owner'));
  if ((st.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

// Node opens every descriptor close-on-exec already; O_NOFOLLOW is the one flag that matters.
const NOFOLLOW = constants.O_NOFOLLOW;

/**
 * Open `path` for appending, creating it 0600: never through a symbolic link (O_NOFOLLOW), never
 * a file with other hard links or another owner (UnsafePathError); a wider mode is tightened.
 */
export function openPrivateAppend(path: string, uid = currentUid()): number {
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW,
    PRIVATE_FILE_MODE,
  );
  try {
    checkOpened(fd, path, uid);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Append `data` to `path` (openPrivateAppend's rules), then close it. */
export function appendPrivate(path: string, data: string, uid = currentUid()): void {
  const fd = openPrivateAppend(path, uid);
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** Create a new file (O_EXCL, O_NOFOLLOW: never an existing one, never through a link) holding `data`. */
export function createExclusive(path: string, data: string | Uint8Array, mode = PRIVATE_FILE_MODE): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
  try {
    writeAll(fd, data);
    fchmodSync(fd, mode);
  } catch (err) {
    closeSync(fd);
    unlinkSync(path);
    throw err;
  }
  closeSync(fd);
}

/**
 * Replace `path` with `data` atomically, mode 0600 (or `mode`): written to a new file beside it
 * (createExclusive) then renamed over it — a symbolic link at `path` is replaced, never followed.
 */
export function writePrivate(path: string, data: string | Uint8Array, mode = PRIVATE_FILE_MODE): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  createExclusive(tmp, data, mode);
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

/**
 * Get a file another program will open by name (SQLite's database and its -wal/-shm/-journal)
 * ready for writing: an existing one must be a regular file of ours with one link (else
 * UnsafePathError) and is tightened to 0600; a missing one is created empty 0600 with `create`
 * (O_EXCL: a dangling link planted there makes it fail instead of creating the link's target).
 * `readOnly`: only refuse a symbolic link (reading another user's file is theirs to allow).
 */
export function preparePrivateFile(
  path: string,
  opts: { create?: boolean; readOnly?: boolean } = {},
  uid = currentUid(),
): void {
  const st = lstatOrNull(path);
  if (!st) {
    if (opts.create) createExclusive(path, '');
    return;
  }
  if (st.isSymbolicLink()) throw new UnsafePathError({ path, issue: 'symlink', uid: st.uid, mode: st.mode });
  if (opts.readOnly) return;
  const bad = ownProblems(path, st, 'file', uid).find((p) => p.issue !== 'writable');
  if (bad) throw new UnsafePathError(bad);
  if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
}
