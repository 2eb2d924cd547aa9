// src/core/files.ts on real files: never through a link or a file with other hard links or
// another owner, 0600/0700, and who else could change a path (trustProblems); the CLI's gate
// warns a non-root user where it refuses root.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { guardFiles } from '../../src/cli/file-guard.ts';
import type { CliContext } from '../../src/cli/types.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import {
  appendPrivate,
  ensurePrivateDir,
  preparePrivateFile,
  trustProblems,
  UnsafePathError,
  writePrivate,
} from '../../src/core/files.ts';
import { memoryLogger } from '../../src/core/log.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-files-unit-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o7777;
const OTHER = 4242;

function issueOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UnsafePathError, String(err));
    return err.problem.issue;
  }
  return 'none';
}

test('appendPrivate creates 0600, tightens a wider mode, refuses a link, a hard link, another owner', () => {
  const dir = mkdtempSync(join(tmp, 'a-'));
  const log = join(dir, 'vigil.log');
  appendPrivate(log, 'one\n');
  assert.equal(mode(log), 0o600);
  chmodSync(log, 0o644);
  appendPrivate(log, 'two\n');
  assert.equal(mode(log), 0o600);
  assert.equal(readFileSync(log, 'utf8'), 'one\ntwo\n');

  const target = join(dir, 'target');
  writeFileSync(target, 'keep\n');
  symlinkSync(target, join(dir, 'link.log'));
  assert.throws(() => appendPrivate(join(dir, 'link.log'), 'x\n'), /ELOOP/);
  const dangling = join(dir, 'dangling.log');
  symlinkSync(join(dir, 'would-be-created'), dangling);
  assert.throws(() => appendPrivate(dangling, 'x\n'), /ELOOP/);
  assert.equal(existsSync(join(dir, 'would-be-created')), false);
  linkSync(target, join(dir, 'hard.log'));
  assert.equal(
    issueOf(() => appendPrivate(join(dir, 'hard.log'), 'x\n')),
    'hardlink',
  );
  const theirs = join(dir, 'theirs.log');
  writeFileSync(theirs, '');
  chownSync(theirs, OTHER, OTHER);
  assert.equal(
    issueOf(() => appendPrivate(theirs, 'x\n')),
    'owner',
  );
  assert.equal(readFileSync(target, 'utf8'), 'keep\n');
});

test('writePrivate replaces a link instead of writing through it; ensurePrivateDir makes 0700', () => {
  const dir = join(tmp, 'b', 'data');
  ensurePrivateDir(dir);
  assert.equal(mode(dir), 0o700);
  chmodSync(dir, 0o755);
  ensurePrivateDir(dir);
  assert.equal(mode(dir), 0o700);
  const target = join(tmp, 'b', 'target');
  writeFileSync(target, 'keep\n');
  symlinkSync(target, join(dir, 'daemon.json'));
  writePrivate(join(dir, 'daemon.json'), '{}\n');
  assert.equal(readFileSync(target, 'utf8'), 'keep\n');
  assert.equal(lstatSync(join(dir, 'daemon.json')).isSymbolicLink(), false);
  assert.equal(mode(join(dir, 'daemon.json')), 0o600);
  const theirs = join(tmp, 'b', 'theirs');
  mkdirSync(theirs);
  chownSync(theirs, OTHER, OTHER);
  assert.equal(
    issueOf(() => ensurePrivateDir(theirs)),
    'owner',
  );
});

test('preparePrivateFile: SQLite never gets a link; a missing database is created 0600', () => {
  const dir = mkdtempSync(join(tmp, 'c-'));
  const db = join(dir, 'vigil.db');
  preparePrivateFile(db, { create: true });
  assert.equal(mode(db), 0o600);
  symlinkSync(join(dir, 'elsewhere'), `${db}-wal`);
  assert.equal(
    issueOf(() => preparePrivateFile(`${db}-wal`)),
    'symlink',
  );
  assert.equal(
    issueOf(() => preparePrivateFile(`${db}-wal`, { readOnly: true })),
    'symlink',
  );
  assert.equal(existsSync(join(dir, 'elsewhere')), false);
});

test('trustProblems: the owner and the writers of a path and of every directory above it', () => {
  const base = mkdtempSync(join(tmp, 'd-'));
  const mine = join(base, 'mine');
  mkdirSync(mine, { mode: 0o700 });
  assert.deepEqual(trustProblems(join(mine, 'vigil.log'), { kind: 'file' }), []);
  // A world-writable directory without the sticky bit above the file: anyone can swap it.
  const open = join(base, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  assert.deepEqual(
    trustProblems(join(open, 'vigil.log'), { kind: 'file' }).map((p) => [p.path, p.issue]),
    [[open, 'writable']],
  );
  // Sticky (/tmp-like) above is fine; as the data dir itself it is not (others add entries).
  const sticky = join(base, 'sticky');
  mkdirSync(sticky);
  chmodSync(sticky, 0o1777);
  assert.deepEqual(trustProblems(join(sticky, 'x', 'vigil.log'), { kind: 'file' }), []);
  assert.deepEqual(
    trustProblems(sticky, { kind: 'dir' }).map((p) => p.issue),
    ['writable'],
  );
  // Another user's directory, a link where none is followed, a followed link judged at its target.
  const theirs = join(base, 'theirs');
  mkdirSync(theirs);
  chownSync(theirs, OTHER, OTHER);
  assert.deepEqual(
    trustProblems(join(theirs, 'config.toml'), { kind: 'file' }).map((p) => [p.path, p.issue]),
    [[theirs, 'owner']],
  );
  symlinkSync(join(mine, 'real.log'), join(mine, 'link.log'));
  assert.deepEqual(
    trustProblems(join(mine, 'link.log'), { kind: 'file' }).map((p) => p.issue),
    ['symlink'],
  );
  writeFileSync(join(theirs, 'config.toml'), '');
  symlinkSync(join(theirs, 'config.toml'), join(mine, 'config.toml'));
  assert.deepEqual(
    trustProblems(join(mine, 'config.toml'), { kind: 'file', followLink: true }).map((p) => [
      p.path,
      p.issue,
    ]),
    [[theirs, 'owner']],
  );
  // Judged for the user who owns it, their directory is fine (root-owned parents always are).
  assert.deepEqual(trustProblems(join(theirs, 'x.log'), { kind: 'file', uid: OTHER }), []);
});

function context(over: Partial<CliContext>): CliContext & { err: string[] } {
  const err: string[] = [];
  return {
    command: 'status',
    input: [],
    flags: {},
    config: defaultConfig({ LANG: 'C' }),
    configPath: null,
    dataDir: '',
    env: { LANG: 'C', HOME: tmp },
    stdout: process.stdout,
    stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WriteStream,
    isTTY: false,
    color: false,
    log: memoryLogger(),
    err,
    ...over,
  };
}

test('the CLI gate: root is refused, another user is warned and goes on; health and config report instead', () => {
  const open = join(tmp, 'gate');
  mkdirSync(open);
  chmodSync(open, 0o777);
  const ctx = context({ dataDir: open });
  ctx.config.notifications.log_file = join(open, 'vigil.log');
  assert.throws(
    () => guardFiles(ctx, 0),
    (e: Error & { exitCode?: number }) => {
      assert.equal(e.exitCode, 2);
      assert.match(
        e.message,
        new RegExp(
          `refusing to run as root: the data directory is not safe: ${open} can be written by other users \\(mode 0777\\)`,
        ),
      );
      assert.match(e.message, new RegExp(`Fix: chmod go-w ${open}`));
      return true;
    },
  );
  // A non-root user: one warning per problem on stderr, and the command goes on.
  guardFiles(ctx, OTHER);
  assert.ok(ctx.err.length >= 1);
  assert.match(
    ctx.err.join(''),
    /vigil: warning: the data directory is not private: .* can be written by other users/,
  );
  // The daemon warns in its JSON log lines instead.
  const daemon = context({ command: 'headless', dataDir: open });
  daemon.config.notifications.log_file = join(open, 'vigil.log');
  guardFiles(daemon, OTHER);
  assert.equal(daemon.err.length, 0);
  assert.ok((daemon.log as ReturnType<typeof memoryLogger>).lines.some((l) => l.level === 'warn'));
  for (const command of ['health', 'config'])
    assert.doesNotThrow(() => guardFiles(context({ command, dataDir: open }), 0));
});
