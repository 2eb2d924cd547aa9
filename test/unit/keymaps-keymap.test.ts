import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMAND_LIST } from '../../keymaps/commands.ts';
import { keymapDocs } from '../../keymaps/docs.ts';
import {
  buildKeymap,
  canonicalKey,
  commandFor,
  KEYMAP_FILES,
  KeymapError,
  keyFromPress,
} from '../../keymaps/keymap.ts';

/** Independent of buildKeymap's own checks: every command has a key, no key runs two commands. */
function assertComplete(name: string, overrides: Record<string, string | string[]> = {}) {
  const km = buildKeymap(name, overrides);
  for (const c of COMMAND_LIST) {
    assert.ok(km.bindings[c.id].length > 0, `${name}: ${c.id} has no key`);
  }
  for (const ctx of ['main', 'modal', 'input', 'replay'] as const) {
    const seen = new Map<string, string>();
    for (const c of COMMAND_LIST.filter((x) => x.context === ctx)) {
      for (const k of km.bindings[c.id]) {
        assert.equal(seen.get(k), undefined, `${name}: '${k}' bound to ${seen.get(k)} and ${c.id} (${ctx})`);
        seen.set(k, c.id);
        assert.equal(commandFor(km, ctx, k), c.id);
      }
    }
  }
  return km;
}

test('every keymap binds every command, without conflicts', () => {
  for (const name of Object.keys(KEYMAP_FILES)) assertComplete(name);
});

test('the default keymap is htop-like and vim extends it', () => {
  const d = buildKeymap('default');
  const expect: [string, string][] = [
    ['f1', 'help'],
    ['?', 'help'],
    // htop separates them: F3 and / search (move to a match), F4 and \ filter (hide the rest).
    ['f3', 'search'],
    ['/', 'search'],
    ['f4', 'filter'],
    ['\\', 'filter'],
    ['space', 'tag'],
    ['c', 'tag_children'],
    ['U', 'untag_all'],
    ['u', 'user_filter'],
    ['H', 'threads'],
    ['T', 'sort_time'],
    ['f7', 'renice_lower'],
    ['f8', 'renice_raise'],
    ['left', 'scroll_left'],
    ['right', 'scroll_right'],
    ['f2', 'setup'],
    ['f5', 'tree'],
    ['f6', 'sort_next'],
    ['f9', 'kill'],
    ['e', 'explain'],
    ['q', 'quit'],
    ['pageup', 'page_up'],
    ['end', 'end'],
  ];
  for (const [key, cmd] of expect) assert.equal(commandFor(d, 'main', key), cmd, key);
  const v = buildKeymap('vim');
  for (const [key, cmd] of [
    ['j', 'down'],
    ['k', 'up'],
    ['g', 'home'],
    ['G', 'end'],
    ['/', 'search'],
    ['f9', 'kill'],
    // k stays "up" in vim: tag, kill and renice are on keys that do not clash.
    ['x', 'kill'],
    ['space', 'tag'],
    ['f7', 'renice_lower'],
    ['e', 'explain'],
  ] as const)
    assert.equal(commandFor(v, 'main', key), cmd, key);
  // Inherited untouched from default.
  assert.deepEqual(v.bindings.tree, d.bindings.tree);
});

test('user overrides replace a command’s keys, after which the keymap is still complete', () => {
  const km = assertComplete('default', { kill: ['F9', 'D'], explain: 'x' });
  assert.deepEqual(km.bindings.kill, ['f9', 'D']);
  assert.equal(commandFor(km, 'main', 'k'), null);
  assert.equal(commandFor(km, 'main', 'x'), 'explain');
  assertComplete('vim', { quit: ['Q', 'C-q'] });
});

test('overrides that break the keymap are refused with a message naming the problem', () => {
  const cases: [Record<string, string | string[]>, RegExp][] = [
    [
      { explain: 'q' },
      /key 'q' is bound to both 'quit' and 'explain'|key 'q' is bound to both 'explain' and 'quit'/,
    ],
    [{ help: [] }, /command 'help' has no key/],
    [{ kil: 'x' }, /unknown command 'kil' \(did you mean 'kill'\?\)/],
    [{ kill: 'F13' }, /kill: unknown key 'F13'/],
    [{ tree: 'ctrl-' }, /tree: unknown key 'ctrl-'/],
  ];
  for (const [overrides, re] of cases) {
    assert.throws(
      () => buildKeymap('default', overrides),
      (err: unknown) => err instanceof KeymapError && re.test(err.message),
      JSON.stringify(overrides),
    );
  }
  assert.throws(() => buildKeymap('emacs'), /unknown keymap 'emacs'/);
});

test('key names: config spellings and blessed key presses map to one canonical name', () => {
  const names: [string, string | null][] = [
    ['F1', 'f1'],
    ['f12', 'f12'],
    ['PgUp', 'pageup'],
    ['esc', 'escape'],
    ['Return', 'enter'],
    ['Ctrl-R', 'C-r'],
    ['C-c', 'C-c'],
    ['alt-x', 'M-x'],
    ['G', 'G'],
    ['?', '?'],
    [' ', 'space'],
    ['f13', null],
    ['\u001b', null],
    ['', null],
    ['hello', null],
  ];
  for (const [raw, want] of names) assert.equal(canonicalKey(raw), want, JSON.stringify(raw));
  const presses: [string | undefined, { full: string; ctrl?: boolean }, string][] = [
    ['G', { full: 'S-g' }, 'G'],
    ['?', { full: '?' }, '?'],
    [undefined, { full: 'f1' }, 'f1'],
    ['\r', { full: 'enter' }, 'enter'],
    // blessed reports Enter twice (enter + return); the second is ignored.
    ['\r', { full: 'return' }, ''],
    ['\u001b', { full: 'escape' }, 'escape'],
    [' ', { full: 'space' }, 'space'],
    ['\u0003', { full: 'C-c', ctrl: true }, 'C-c'],
    [undefined, { full: 'pagedown' }, 'pagedown'],
  ];
  for (const [ch, key, want] of presses) assert.equal(keyFromPress(ch, key), want, key.full);
});

test('docs/keymaps.md is generated from the keymaps and up to date', () => {
  const file = readFileSync(new URL('../../docs/keymaps.md', import.meta.url), 'utf8');
  assert.equal(file, keymapDocs(), 'run `node keymaps/gen-docs.ts` to regenerate docs/keymaps.md');
  for (const c of COMMAND_LIST) assert.ok(file.includes(`\`${c.id}\``), c.id);
});
