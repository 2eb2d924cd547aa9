// `vigil watch` end to end in a real tmux: panes, navigation, sort, filter, tree, kill through
// the dialog, help, resize to 80×24, hostile command lines, quit.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { endMarked, spawnMarked as spawnWithMarker } from '../helpers/marked.ts';
import { type Session, startVigil, tmux } from './helpers.ts';

const MARK = `vgw${process.pid}`;
const children: ChildProcess[] = [];
let dir = '';
let configFile = '';
let s: Session;

function spawnMarked(tag: string, ...extra: string[]): ChildProcess {
  const c = spawnWithMarker(`${MARK}-${tag}`, extra);
  children.push(c);
  return c;
}

function configText(mode: string): string {
  return `[general]\nmode = "${mode}"\n\n[notifications]\ndesktop = false\nlog_file = "${join(dir, 'vigil.log')}"\n\n[ui]\nkeymap = "default"\n# the columns of before TIME+ and GPU: the marked command lines fit at 120 columns\ncolumns = ["user", "state", "cpu", "mem", "rss", "age"]\n`;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-tui-'));
  const config = join(dir, 'config.toml');
  configFile = config;
  writeFileSync(config, configText('observe'));
  spawnMarked('a');
  spawnMarked('b');
  spawnMarked('c');
  // A command line that tries to retitle the terminal (OSC 0) and clear the screen.
  spawnMarked('hostile', '\u001b]0;PWNED\u0007', '\u001b[2J', '{red-fg}tag{/red-fg}');
  s = startVigil(
    `vigil-tui-${process.pid}`,
    ['watch', '--interval', '0.5', '--data-dir', join(dir, 'data'), '--config', config],
    { env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' } },
  );
});

after(() => {
  s?.kill();
  endMarked(children);
  rmSync(dir, { recursive: true, force: true });
});

test('all panes are present at 120×40', async () => {
  const pane = await s.waitFor(/PID USER +S +CPU%▼[\s\S]*mode observe/);
  for (const label of ['CPU', 'Memory', 'Disks', 'Network', 'Processes', 'Alerts']) {
    assert.match(pane, new RegExp(`─ ${label}`), `${label} missing:\n${pane}`);
  }
  // No GPU: no empty pane, one mention in the status line.
  assert.doesNotMatch(pane, /─ GPU/);
  assert.match(pane, /│ no GPU/);
  assert.match(pane, /Mem\[/);
  assert.match(pane, /0\.5s │ AI off/);
});

test('filter as you type, then navigate: Enter shows the selected process', async () => {
  s.type('\\');
  s.type(`${MARK}-`);
  await s.waitFor(new RegExp(`filter: ${MARK}-█`));
  s.keys('Enter', 'N'); // keep the filter; sort by pid, ascending
  const pane = await s.waitFor(new RegExp(`filter "${MARK}-" 4/\\d+`));
  // Filtered: every row of the table is a match (the marker itself may be past the command column).
  const rows = pane.split('\n').filter((l) => /^\s*│\s*\d+ /.test(l));
  assert.equal(rows.length, 4, pane);
  const pids = rows.map((l) => Number(/│\s*(\d+)/.exec(l)![1]));
  assert.deepEqual(
    pids,
    [...pids].sort((a, b) => a - b),
  );
  s.keys('Home', 'Down', 'Enter');
  await s.waitFor(new RegExp(`─ Process ${pids[1]}[\\s\\S]*pid: ${pids[1]}`));
  s.keys('Escape');
  await s.waitForGone(/─ Process /);
  s.keys('End', 'Enter');
  await s.waitFor(new RegExp(`─ Process ${pids[3]}`));
  s.keys('Escape');
  await s.waitForGone(/─ Process /);
});

test('with the mouse: a click selects a row', async () => {
  const pane = await s.waitFor(new RegExp(`PID▲[\\s\\S]*${MARK}-b`));
  const lines = pane.split('\n');
  const y = lines.findIndex((l) => l.includes(`${MARK}-b`));
  const pid = Number(/│\s*(\d+)/.exec(lines[y]!)![1]);
  // An SGR mouse press and release (1-based column and row), as a terminal sends them.
  s.type(`\u001b[<0;20;${y + 1}M`);
  s.type(`\u001b[<0;20;${y + 1}m`);
  await new Promise((r) => setTimeout(r, 300));
  s.keys('Enter');
  await s.waitFor(new RegExp(`─ Process ${pid}`));
  s.keys('Escape');
  await s.waitForGone(/─ Process /);
});

test('sort keys change the sort column', async () => {
  s.keys('M');
  await s.waitFor(/MEM%▼[\s\S]*sort MEM▼/);
  s.keys('F6');
  await s.waitFor(/sort PID▲/);
  s.keys('P');
  await s.waitFor(/CPU%▼[\s\S]*sort CPU▼/);
  s.keys('N');
  await s.waitFor(/sort PID▲/);
});

test('tree view nests the marked shells under their parent', async () => {
  s.keys('F5');
  const pane = await s.waitFor(/│ tree │/);
  // The matches under their ancestors (this test's node and the shells around it).
  assert.match(pane, /├─ \/bin\/sh -c sl/, pane);
  assert.match(pane, /└─ \/bin\/sh -c sl/, pane);
  s.keys('t');
  await s.waitFor(/sort PID▲ │ filter/);
});

test('a command line with escape sequences neither retitles the terminal nor clears the screen', async () => {
  const title = s.title();
  assert.notEqual(title, 'PWNED');
  // The hostile shell is the last of the marked ones by pid; its details show the whole line.
  s.keys('End', 'Enter');
  const pane = await s.waitFor(new RegExp(`command: .*${MARK}-hostile`));
  // Shown literally, tags and all; the escape sequences themselves are gone.
  assert.match(pane, new RegExp(`${MARK}-hostile +\\{red-fg\\}tag\\{/red-fg\\}`));
  assert.doesNotMatch(pane, /PWNED/);
  s.keys('Escape');
  assert.match(pane, /─ CPU[\s\S]*─ Processes/, 'the screen was cleared');
  await new Promise((r) => setTimeout(r, 1200)); // a few more refreshes with it on screen
  assert.equal(s.title(), title);
  assert.notEqual(s.title(), 'PWNED');
  assert.match(s.capture(), /─ CPU[\s\S]*─ Processes/);
});

test('wide characters (CJK) in a command line keep the borders aligned', async () => {
  const wide = spawnWithMarker(`日本語テスト-${process.pid}`);
  children.push(wide);
  s.keys('Escape'); // clear the filter (alone: ESC and a key together read as Alt+key)
  await s.waitFor(/sort PID▲ │ \d+ procs/);
  s.type('\\');
  s.type(String(wide.pid));
  s.keys('Enter');
  const pane = await s.waitFor(/true 日本語/);
  const row = pane.split('\n').find((l) => l.includes('日本語'))!;
  // Each wide character takes two columns: 120 columns in all, the sidebar's border last.
  const wideChars = row.match(/[\u3000-\u9fff]/g)?.length ?? 0;
  assert.ok(wideChars >= 3, row);
  assert.equal([...row].length + wideChars, 120, row);
  assert.match(row, /│$/);
  s.keys('Escape');
  await s.waitFor(/sort PID▲ │ \d+ procs/);
});

test('kill a process through the dialog: signal choice, confirmation, it dies', async () => {
  const victim = spawnMarked('victim');
  // The filter was cleared by the test before (an Escape here would make Alt+\ of the next key).
  s.type('\\');
  s.type(`${MARK}-victim`);
  s.keys('Enter');
  await s.waitFor(new RegExp(`│\\s*${victim.pid} root`));
  s.keys('F9');
  await s.waitFor(/─ Send a signal[\s\S]*SIGTERM +ask to terminate/);
  s.keys('Down', 'Up', 'Enter');
  await s.waitFor(new RegExp(`Send SIGTERM to ${victim.pid} \\(sh\\)\\? y/n`));
  const exited = new Promise<NodeJS.Signals | null>((r) => victim.once('exit', (_c, sig) => r(sig)));
  s.keys('y');
  assert.equal(await exited, 'SIGTERM');
  await s.waitFor(/exited: /);
  s.keys('Escape');
  await s.waitFor(new RegExp(`filter "${MARK}-victim" 0/`));
  s.keys('Escape');
});

test('help is generated from the keymap', async () => {
  s.keys('F1');
  const pane = await s.waitFor(/─ Help/);
  assert.match(pane, /keymap: default/);
  assert.match(pane, /↑ +select the previous row/);
  // One page down from the top: the actions (the help grew a replay group, so two pages go past them).
  s.keys('PPage', 'NPage');
  await s.waitFor(/F9 k +send a signal/);
  s.keys('q');
  await s.waitFor(/F1 help +q quit/);
});

test('resize to 80×24 re-lays out every pane', async () => {
  tmux('resize-window', '-t', s.name, '-x', '80', '-y', '24');
  const pane = await s.waitFor(/^└─+┘\n\s*mode observe/m);
  const lines = pane.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 24);
  assert.ok(lines.every((l) => [...l].length <= 80));
  // htop-like: meters over the table (CPU bars, memory, load, disk and network), then the table.
  assert.match(lines[0]!, /^ *0\[.*\] +Mem\[/, pane);
  assert.match(pane, /load \d/);
  assert.match(pane, /─ Processes/);
  assert.match(lines[23]!, /mode observe/);
  tmux('resize-window', '-t', s.name, '-x', '120', '-y', '40');
  await s.waitFor(/─ Processes ─+┐┌─ Alerts/);
});

test('Ctrl-R reloads the configuration; an invalid file is rejected and the old one kept', async () => {
  writeFileSync(configFile, configText('suggest'));
  s.keys('C-r');
  await s.waitFor(/mode suggest[\s\S]*configuration reloaded/);
  writeFileSync(configFile, configText('reckless'));
  s.keys('C-r');
  await s.waitFor(/mode suggest[\s\S]*configuration rejected, keeping the old one/);
  writeFileSync(configFile, configText('observe'));
});

test('q quits cleanly (exit 0) and gives the terminal back', async () => {
  s.keys('q');
  const pane = await s.waitFor(/VIGIL-EXIT=\d+/);
  assert.match(pane, /VIGIL-EXIT=0/);
  assert.doesNotMatch(pane, /─ Processes/);
});
