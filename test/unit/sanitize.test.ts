import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeBlessedTags, sanitize, shellQuote } from '../../src/core/sanitize.ts';

test('sanitize removes escape sequences, controls and bidi overrides', () => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['\u001b]0;PWNED\u0007title', 'title'],
    ['a\u001b[2Jb', 'ab'],
    ['\u001b[31mred\u001b[0m', 'red'],
    ['copy\u001b]52;c;aGVsbG8=\u0007me', 'copyme'],
    ['osc-st\u001b]8;;http://x\u001b\\link', 'osc-stlink'],
    ['tab\tnew\nline', 'tab new line'],
    ['bell\u0007del\u007f', 'bell del '],
    ['c1\u009b2Jx', 'c1x'],
    ['rtl\u202eevil\u202c', 'rtlevil'],
    ['dcs\u001bPq#0;2;0;0;0\u001b\\end', 'dcsend'],
    ['trailing esc\u001b', 'trailing esc'],
    ['héllo wörld ✓', 'héllo wörld ✓'],
  ];
  for (const [input, want] of cases) assert.equal(sanitize(input), want, JSON.stringify(input));
});

test('sanitize caps length', () => {
  const s = sanitize('x'.repeat(10000), 100);
  assert.equal(s.length, 100);
  assert.ok(s.endsWith('…'));
});

test('blessed tags are escaped', () => {
  assert.equal(escapeBlessedTags('{red-fg}x{/red-fg}'), '{open}red-fg{close}x{open}/red-fg{close}');
});

test('shellQuote makes arguments safe to paste', () => {
  assert.equal(shellQuote('1234'), '1234');
  assert.equal(shellQuote('/usr/bin/python3'), '/usr/bin/python3');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('$(rm -rf ~)'), "'$(rm -rf ~)'");
  assert.equal(shellQuote(''), "''");
});

test('sanitize never erases a field: an unterminated sequence loses only its introducer', () => {
  const cases: [string, string][] = [
    // A process that names itself `ESC ] x` (no terminator) keeps a visible name.
    ['\u001b]x', 'x'],
    ['\u001b]0;miner --pool evil', '0;miner --pool evil'],
    ['name\u001bPq#0;2', 'nameq#0;2'],
    ['\u009d8;;http://x', ' 8;;http://x'],
    ['a\u001b[12', 'a12'],
    // Complete sequences still go entirely, also after an unterminated one.
    ['\u001b]0;t\u001b[31mred\u001b[0m\u0007', '0;tred '],
    // Nothing visible left: shown as [hidden], never as an empty name.
    ['\u001b]0;x\u0007', '[hidden]'],
    ['\u001b[2J\u001b[H', '[hidden]'],
    ['\u202e', '[hidden]'],
    ['\t\n', '[hidden]'],
    // An empty field (a kernel thread's command line) stays empty.
    ['', ''],
  ];
  for (const [input, want] of cases) assert.equal(sanitize(input), want, JSON.stringify(input));
});
