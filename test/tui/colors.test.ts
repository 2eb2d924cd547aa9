// Colours as a user sees them in tmux, under every TERM users have: tmux's default `screen`,
// `screen-256color`, `tmux-256color`, `xterm-256color`, and truecolour (COLORTERM). No visible
// character is drawn in the background's colour (black-ish on the dark theme, white-ish on the
// light one), and NO_COLOR means no colour at all. Read from `capture-pane -e`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Session, startVigil } from './helpers.ts';
import { blackish, colored, onDefaultBackground, parseCapture, whiteish } from './sgr.ts';

interface Case {
  name: string;
  term: string;
  theme: 'dark' | 'light';
  env?: Record<string, string>;
  noColor?: boolean;
}

const CASES: Case[] = [
  { name: 'screen', term: 'screen', theme: 'dark' },
  // GNU screen outside tmux: terminfo's 8 colours, where dim text must not become black.
  { name: 'screen-8', term: 'screen', theme: 'dark', env: { TMUX: '' } },
  { name: 'screen-256', term: 'screen-256color', theme: 'dark' },
  { name: 'tmux-256', term: 'tmux-256color', theme: 'dark' },
  { name: 'xterm-256', term: 'xterm-256color', theme: 'dark' },
  { name: 'truecolor', term: 'xterm-256color', theme: 'dark', env: { COLORTERM: 'truecolor' } },
  { name: 'light-screen', term: 'screen', theme: 'light' },
  { name: 'light-tmux', term: 'tmux-256color', theme: 'light' },
  { name: 'nocolor', term: 'xterm-256color', theme: 'dark', noColor: true },
];

const dir = mkdtempSync(join(tmpdir(), 'vigil-colors-'));
const sessions = new Map<string, Session>();

before(() => {
  for (const c of CASES) {
    const config = join(dir, `${c.name}.toml`);
    writeFileSync(config, `[notifications]\ndesktop = false\n\n[ui]\ntheme = "${c.theme}"\n`);
    const env: Record<string, string> = { TERM: c.term, LANG: 'C.UTF-8', ...(c.env ?? {}) };
    if (c.noColor) env.NO_COLOR = '1';
    // Unset what the case does not set (tmux passes its server's environment on); TMUX: '' runs
    // the case as if outside tmux.
    const unset = ['NO_COLOR', 'COLORTERM'].filter((k) => !(k in env));
    if (env.TMUX === '') {
      unset.push('TMUX');
      delete env.TMUX;
    }
    const args = ['watch', '--interval', '1', '--data-dir', join(dir, `data-${c.name}`), '--config', config];
    sessions.set(
      c.name,
      startVigil(`vigil-col-${c.name}-${process.pid}`, args, { cols: 120, rows: 40, env, unset }),
    );
  }
});

after(() => {
  for (const s of sessions.values()) s.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The screen once the table and a few refreshes are drawn, with its escape sequences. */
async function screenOf(name: string): Promise<string> {
  const s = sessions.get(name)!;
  await s.waitFor(/PID USER[\s\S]*mode observe/, 30000);
  await new Promise((r) => setTimeout(r, 1500));
  return s.captureEscapes();
}

const show = (cells: { ch: string; line: number }[]) =>
  cells
    .slice(0, 12)
    .map((c) => `${JSON.stringify(c.ch)}@${c.line}`)
    .join(' ');

for (const c of CASES.filter((x) => !x.noColor)) {
  const extra = Object.keys(c.env ?? {}).join(' ');
  test(`${c.name} (${c.theme} theme, TERM=${c.term} ${extra}): no text in the background's colour`, async () => {
    const cells = parseCapture(await screenOf(c.name));
    assert.ok(cells.length > 1000, 'the screen is drawn');
    assert.ok(colored(cells).length > 0, 'colours are drawn');
    const bad = onDefaultBackground(cells, c.theme === 'dark' ? blackish : whiteish);
    assert.deepEqual(show(bad), '', `${bad.length} characters in the background's colour`);
  });
}

test('256 colours under tmux whatever TERM says: the dim grey is 245, not the palette', async () => {
  for (const name of ['screen', 'tmux-256', 'xterm-256']) {
    const cells = parseCapture(await screenOf(name));
    assert.ok(
      cells.some((x) => x.fg.kind === 'indexed' && x.fg.index === 245),
      `${name}: dim text in colour 245`,
    );
  }
});

test('truecolour where the terminal says so (COLORTERM=truecolor)', async () => {
  const cells = parseCapture(await screenOf('truecolor'));
  const grey = cells.filter((x) => x.fg.kind === 'rgb' && x.fg.r === 138 && x.fg.g === 138 && x.fg.b === 138);
  assert.ok(grey.length > 0, 'the dim grey as RGB #8a8a8a');
  assert.ok(!cells.some((x) => x.fg.kind === 'indexed' && x.fg.index >= 16), 'no 256-colour index left');
});

test('8 colours (screen outside tmux): dim text in the default colour, basic colours only', async () => {
  const cells = parseCapture(await screenOf('screen-8'));
  assert.ok(!cells.some((x) => x.fg.kind === 'indexed' || x.fg.kind === 'rgb'), 'no 256-colour index');
  assert.ok(
    cells.some((x) => x.fg.kind === 'basic' && x.fg.index === 2),
    'green bars are drawn',
  );
});

test('NO_COLOR: no colour at all, only attributes', async () => {
  const text = await screenOf('nocolor');
  const cells = parseCapture(text);
  assert.ok(cells.length > 1000);
  assert.deepEqual(show(colored(cells)), '');
  assert.ok(
    cells.some((x) => x.inverse),
    'the header and selection stay in inverse',
  );
});
