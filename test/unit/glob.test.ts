// The one glob of the config (src/core/glob.ts), table by table, through both of its users: the
// allowlist (`ignore_commands`, the analyzer) and the safety policy (`protected_commands`,
// decide()). There used to be two matchers that disagreed (issue 14); a row marked "was:" says
// how they read it before.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, type PolicyContext, protectedMatch } from '../../src/actions/policy.ts';
import { globToRegExp, ignoreMatcher, protectedMatcher } from '../../src/core/glob.ts';
import { DUPLICATE_FOR_TICKS } from '../../src/rules/groups.ts';
import { harness, proc, snap } from './rules-fixtures.ts';

type Row = [pattern: string, subject: string, matches: boolean, note?: string];

const SYNTAX: Row[] = [
  // `*`: any run of characters, never across a newline.
  ['dbus*', 'dbus-daemon', true],
  ['dbus*', 'xdbus', false],
  ['*', 'anything at all', true],
  ['*', '', true],
  ['a*b', 'a-long-b', true],
  ['a*b', 'a\nb', false, 'was: the rules matcher crossed the newline (RegExp s flag)'],
  ['*', 'two\nlines', false, 'was: the rules matcher crossed the newline'],
  // `?`: one character, not a newline.
  ['ss?d', 'sshd', true],
  ['ss?d', 'ssd', false],
  ['ss?d', 'sshhd', false],
  ['a?b', 'a\nb', false, 'was: the rules matcher matched the newline'],
  ['?', 'é', true],
  ['?', '😀', true, 'one character, not one UTF-16 unit'],
  // `[abc]` and ranges.
  ['[st]ystemd', 'systemd', true],
  ['[st]ystemd', 'xystemd', false],
  ['[ab]c', 'bc', true],
  ['[a-z]x', 'qx', true],
  ['[a-z]x', 'Qx', false],
  ['[0-9][0-9]', '42', true],
  ['[a-cx-z]', 'y', true],
  ['[a-cx-z]', 'm', false],
  ['[-a]', '-', true],
  ['[a-]', '-', true],
  ['[z-a]', 'm', false, 'a reversed range matches nothing; was: both threw'],
  // Negation, `!` or `^`.
  ['[!s]ystemd', 'systemd', false],
  ['[!s]ystemd', 'xystemd', true],
  ['[^s]ystemd', 'systemd', false],
  ['[^s]ystemd', 'xystemd', true],
  ['[!a-c]', 'b', false],
  ['[!a-c]', 'd', true],
  ['[!a]', '\n', false, 'no wildcard matches a newline; was: both matched it'],
  ['[a^]', '^', true, '^ is literal when not first'],
  // `]` right after the opening (or the negation) is literal.
  ['[]]x', ']x', true, 'was: the rules matcher never matched (its RegExp read `[]` as empty)'],
  ['[]]x', 'x', false],
  ['[]a]', 'a', true],
  ['[]a]', ']', true],
  ['[!]]x', 'ax', true],
  ['[!]]x', ']x', false],
  ['[]', '[]', true, 'the `]` is a member, so the `[` is unclosed: both literal'],
  // Backslash: the next character is literal, inside brackets too.
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['\\*', '\\x', false, 'was: both read a literal backslash, then a wildcard'],
  ['\\?', '?', true],
  ['\\?', 'x', false],
  ['\\[ab]', '[ab]', true],
  ['\\[ab]', 'a', false],
  ['\\\\', '\\', true],
  ['a\\', 'a\\', true, 'a trailing backslash is itself'],
  ['\\d', 'd', true, 'not the RegExp digit class'],
  ['\\d', '5', false],
  ['[\\]]', ']', true, 'was: both matchers read `[\\]` as a class of one backslash, then `]`'],
  ['[\\]]', '\\]', false],
  ['[\\\\]', '\\', true],
  ['[a\\-z]', '-', true],
  ['[a\\-z]', 'm', false, 'was: both read a range from the backslash to z'],
  ['[\\!a]', '!', true, 'an escaped ! is not a negation'],
  ['[\\!a]', 'b', false],
  ['[\\]', '[]', true, 'the escaped ] leaves the bracket unclosed'],
  ['[\\]', '\\', false, 'was: both matched a backslash'],
  // An unclosed `[` is a literal `[`.
  ['[abc', '[abc', true],
  ['[abc', 'a', false],
  ['a[', 'a[', true],
  ['[', '[', true],
  ['[!', '[!', true],
  ['[a*', '[abc', true, 'the wildcards after it still work'],
  // Anchored on the whole string.
  ['sshd', 'sshd', true],
  ['sshd', 'sshd2', false],
  ['sshd', 'xsshd', false],
  // No RegExp injection: everything else is literal.
  ['a.b', 'a.b', true],
  ['a.b', 'axb', false],
  ['a.b(c)', 'a.b(c)', true],
  ['(a|b)', 'a', false],
  ['(a|b)', '(a|b)', true],
  ['a+', 'aa', false],
  ['a{2}', 'aa', false],
  ['a{2}', 'a{2}', true],
  ['^a$', '^a$', true],
  ['.*', 'anything', false],
  ['$(id)', '$(id)', true],
  ['[.]', 'x', false],
  ['[.]', '.', true],
  ['[\\w]', 'a', false],
  ['[\\w]', 'w', true],
  ['/usr/bin/x', '/usr/bin/x', true],
];

const init = proc({ pid: 1, ppid: 0, name: 'init', cmdline: '/sbin/init' });

/** Whether `ignore_commands = [pattern]` keeps seven copies of `name`/`cmdline` from raising an alert. */
function ignoredByAnalyzer(pattern: string, name: string, cmdline: string): boolean {
  const h = harness((c) => {
    c.allowlist.ignore_commands = [pattern];
  });
  // Copies whose parent is gone but not reparented yet: duplicates, not a worker pool or services.
  const copies = Array.from({ length: 7 }, (_, i) => proc({ pid: 41 + i, ppid: 40, sid: 40, name, cmdline }));
  const s = snap({ processes: [init, ...copies] });
  let events = 0;
  for (let i = 0; i <= DUPLICATE_FOR_TICKS; i++) events += h.tick(s).length;
  return events === 0;
}

type Target = Parameters<typeof decide>[1];

function target(name: string, cmdline: string): Target {
  return {
    pid: 4242,
    ppid: 1000,
    uid: 1000,
    name,
    cmdline,
    argv0: '',
    state: 'S',
    startTicks: 1,
    rssBytes: 0,
    threads: 1,
    cpuTicks: 0,
    kernelThread: false,
  };
}

const CTX: PolicyContext = { selfAndAncestors: new Set(), selfPid: 1, selfUid: 1000, firing: [] };

/** decide() under `protected_commands = patterns`: the refusal, or null when allowed. */
function refusal(patterns: string[], name: string, cmdline: string) {
  const config = {
    allowlist: { protected_pids: [], protected_commands: patterns },
    general: { language: 'en' },
  };
  const d = decide(
    { pid: 4242, origin: 'cli', signal: 'TERM' },
    target(name, cmdline),
    {
      config: config as unknown as Parameters<typeof decide>[2]['config'],
    },
    CTX,
  );
  if (d.allowed) return null;
  assert.equal(d.code, 'protected_command');
  return d.reason;
}

describe('glob syntax', () => {
  test('the pattern itself', () => {
    for (const [pattern, subject, matches, note] of SYNTAX) {
      assert.equal(
        globToRegExp(pattern).test(subject),
        matches,
        `${pattern} ~ ${JSON.stringify(subject)} ${note ?? ''}`,
      );
    }
  });

  test('through the allowlist: ignore_commands in the analyzer', () => {
    // Every field (name, argv0, exe, whole line) is the subject, so the row decides alone.
    const rows = SYNTAX.filter(([, s]) => s.trim() !== '' && !/[ /]/.test(s));
    assert.ok(rows.length > 60);
    for (const [pattern, subject, matches, note] of rows) {
      const label = `${pattern} ~ ${JSON.stringify(subject)} ${note ?? ''}`;
      assert.equal(ignoreMatcher([pattern])(subject, subject) !== null, matches, label);
      assert.equal(ignoredByAnalyzer(pattern, subject, subject), matches, label);
    }
  });

  test('through the policy: protected_commands in decide()', () => {
    for (const [pattern, subject, matches, note] of SYNTAX) {
      if (subject === '') continue; // a process always has a name; empty fields are never matched
      const label = `${pattern} ~ ${JSON.stringify(subject)} ${note ?? ''}`;
      assert.equal(protectedMatcher([pattern])(subject, '') !== null, matches, label);
      assert.equal(refusal([pattern], subject, '') !== null, matches, label);
    }
  });

  test('the analyzer raises the alert when nothing matches (the allowlist rows are not vacuous)', () => {
    assert.equal(ignoredByAnalyzer('nothing', 'worker', 'worker'), false);
    assert.equal(ignoredByAnalyzer('worker', 'worker', 'worker'), true);
  });
});

type FieldRow = [pattern: string, ignore: string | null, protect: string | null];

// One process: comm `python3.11`, argv0 `/usr/bin/python3`, exe `python3`, then its arguments.
const NAME = 'python3.11';
const CMDLINE = '/usr/bin/python3 /srv/mcp_server.py --port 8080';
const FIELDS: FieldRow[] = [
  ['python3.11', 'name', 'name'],
  ['python3.1?', 'name', 'name'],
  ['/usr/bin/python3', 'argv0', 'argv0'],
  ['/usr/bin/*', 'argv0', 'argv0'],
  ['python3', 'exe', 'exe'],
  ['py*3', 'exe', 'exe'],
  // The whole command line: ignore_commands only (its documented use); a process chooses its
  // arguments, so protected_commands never looks at them.
  ['*mcp_server.py*', 'cmdline', null],
  ['*--port 8080', 'cmdline', null],
  ['sshd', null, null],
  ['mcp_server.py', null, null],
];

describe('fields matched', () => {
  test('ignore_commands: name, argv0, exe and the whole command line', () => {
    for (const [pattern, field] of FIELDS) {
      assert.equal(ignoreMatcher([pattern])(NAME, CMDLINE)?.field ?? null, field, pattern);
      assert.equal(ignoredByAnalyzer(pattern, NAME, CMDLINE), field !== null, pattern);
    }
  });

  test('protected_commands: name, argv0 and exe, never the command line; the reason names the field', () => {
    const values: Record<string, string> = { name: NAME, argv0: '/usr/bin/python3', exe: 'python3' };
    for (const [pattern, , field] of FIELDS) {
      const hit = protectedMatch([pattern], NAME, CMDLINE);
      assert.equal(hit?.field ?? null, field, pattern);
      const reason = refusal([pattern], NAME, CMDLINE);
      if (field === null) assert.equal(reason, null, pattern);
      else {
        assert.equal(hit?.value, values[field]);
        assert.equal(
          reason,
          `${field} '${values[field]}' of pid 4242 matches the protected command pattern '${pattern}'`,
        );
      }
    }
  });

  test('the reason shows the field that matched, not another one', () => {
    // comm `sshd` with a different argv0: it is the name that matched, so the name is shown.
    assert.equal(
      refusal(['sshd'], 'sshd', 'python3.11 -m x'),
      "name 'sshd' of pid 4242 matches the protected command pattern 'sshd'",
    );
    assert.equal(
      refusal(['sshd'], 'sleep', '/usr/sbin/sshd 60'),
      "exe 'sshd' of pid 4242 matches the protected command pattern 'sshd'",
    );
  });

  test('empty fields are never matched; empty patterns never match', () => {
    assert.deepEqual(ignoreMatcher(['*'])('kworker/0:1', ''), {
      pattern: '*',
      field: 'name',
      value: 'kworker/0:1',
    });
    assert.equal(ignoreMatcher(['kworker*'])('x', ''), null);
    assert.equal(ignoreMatcher([''])('x', 'x'), null);
    assert.equal(protectedMatcher([''])('x', 'x'), null);
    assert.equal(ignoreMatcher([])('a', 'b'), null);
  });

  test('the first pattern in list order is the one reported', () => {
    assert.equal(protectedMatch(['nope', 'py*', 'python3'], NAME, CMDLINE)?.pattern, 'py*');
  });

  test('protectedMatch follows a changed list', () => {
    const list = ['sshd'];
    assert.equal(protectedMatch(list, 'sshd', '')?.pattern, 'sshd');
    assert.equal(protectedMatch(['dbus*'], 'sshd', ''), null);
    list[0] = 'ssh?';
    assert.equal(protectedMatch(list, 'sshd', '')?.pattern, 'ssh?', 'an edited list in place is not stale');
  });
});
