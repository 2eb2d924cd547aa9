// The saved view (DATA_DIR/tui.json, screens/saved-view.ts) on real files: written 0600 through
// src/core/files.ts (a link planted at its place is replaced, never followed), read back whole; a
// corrupt or hostile file gives the [ui] defaults and a message saying where and what; a bad
// field is named and the good ones kept; --reset-view deletes it.
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_VIEW, type ViewSettings } from '../../screens/model.ts';
import { loadView, saveView, VIEW_FILE, viewFromConfig } from '../../screens/saved-view.ts';
import { defaultConfig } from '../../src/config/defaults.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-saved-view-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => mkdtempSync(join(root, `d${n++}-`));
const ui = defaultConfig({ LANG: 'C' }).ui;
const MINE: ViewSettings = {
  sort: 'mem',
  desc: false,
  tree: true,
  kernelThreads: true,
  theme: 'light',
  columns: ['cpu', 'rss', 'gpu'],
};

function save(dir: string, view: ViewSettings): void {
  saveView(dir, view, (err) => assert.fail(err));
}

test('the view is written 0600 and read back whole', () => {
  const dir = fresh();
  save(dir, MINE);
  const file = join(dir, VIEW_FILE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(loadView(dir, ui, false), { view: MINE, message: null });
  // A file left 0644 by someone else's tool is replaced by a private one.
  writeFileSync(file, '{}', { mode: 0o644 });
  save(dir, MINE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('a link planted at tui.json is replaced, never followed, on write; not followed on read', () => {
  const dir = fresh();
  const victim = join(root, `victim-${n}`);
  writeFileSync(victim, JSON.stringify({ sort: 'pid' }), { mode: 0o644 });
  symlinkSync(victim, join(dir, VIEW_FILE));
  // Read: the link is not followed, so the victim's content is not taken.
  assert.deepEqual(loadView(dir, ui, false).view, viewFromConfig(ui));
  save(dir, MINE);
  assert.equal(readFileSync(victim, 'utf8'), JSON.stringify({ sort: 'pid' }), 'the link target is untouched');
  const st = lstatSync(join(dir, VIEW_FILE));
  assert.ok(st.isFile() && !st.isSymbolicLink());
  assert.equal(st.mode & 0o777, 0o600);
});

test('a corrupt file gives the [ui] defaults and a clear message (where, what, how to start afresh)', () => {
  const dir = fresh();
  const file = join(dir, VIEW_FILE);
  const defaults = viewFromConfig(ui);
  for (const [text, error] of [
    ['{"sort": "mem", "tree": tr', /JSON/],
    ['', /JSON/],
    ['[1, 2]', /a JSON array/],
    ['"mem"', /a JSON string/],
    ['null', /a JSON object/],
  ] as const) {
    writeFileSync(file, text);
    const { view, message } = loadView(dir, ui, false);
    assert.deepEqual(view, defaults, text);
    assert.ok(message, text);
    assert.ok(message.startsWith(`${file} is not a saved view (`), message);
    assert.match(message, error);
    assert.match(
      message,
      /expected a JSON object; starting from the \[ui\] defaults \(vigil watch --reset-view removes it\)/,
    );
  }
  writeFileSync(file, '{"sort": ');
  const fr = loadView(dir, ui, false, 'fr').message!;
  assert.match(fr, /n’est pas une vue enregistrée .* un objet JSON est attendu/);
  // A file far larger than a view is read no further than 64 KiB: not JSON, the defaults.
  writeFileSync(file, `{"sort": "mem", "pad": "${'x'.repeat(200_000)}"}`);
  assert.deepEqual(loadView(dir, ui, false).view, defaults);
});

test('bad fields are named (escape sequences removed) and the good ones kept', () => {
  const dir = fresh();
  writeFileSync(
    join(dir, VIEW_FILE),
    JSON.stringify({
      sort: '\u001b]52;c;aGk=\u0007bogus',
      theme: 'light',
      tree: 'yes',
      columns: ['gpu', 'nope'],
    }),
  );
  const { view, message } = loadView(dir, ui, false);
  assert.deepEqual(view, { ...viewFromConfig(ui), theme: 'light' });
  assert.ok(message);
  assert.doesNotMatch(message, /[\u001b\u0007]/);
  assert.match(
    message,
    /: ignored sort=".*bogus", tree="yes", columns=\["gpu","nope"\] \(not a value Vigil knows\)/,
  );
});

test('--reset-view deletes the saved view and starts from [ui]', () => {
  const dir = fresh();
  save(dir, MINE);
  const custom = { ...ui, sort: 'pid' as const, theme: 'mono' as const };
  assert.deepEqual(loadView(dir, custom, true), { view: viewFromConfig(custom), message: null });
  assert.throws(() => statSync(join(dir, VIEW_FILE)), /ENOENT/);
  assert.equal(loadView(dir, custom, false).view.theme, 'mono');
  assert.equal(viewFromConfig(custom).sort, 'pid');
  assert.notDeepEqual(viewFromConfig(custom), DEFAULT_VIEW);
});
