// htop reflexes in a real tmux: `\` filter vs F3 search, tag three and kill them with one
// confirmation, F7/F8 renice, ←/→ on a long command line, `u` user filter, `H` thread rows (a
// kill on one names its process), T, a header click, an unbound key's hint, and the view kept in
// tui.json (0600) until --reset-view.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { endMarked, spawnMarked } from '../helpers/marked.ts';
import { type Session, startVigil } from './helpers.ts';

const MARK = `vgr${process.pid}`;
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'vigil-reflexes-'));
const config = join(dir, 'config.toml');
const dataDir = join(dir, 'data');
let s: Session;
let runs = 0;

function marked(tag: string, extra: string[] = [], opts: { uid?: number; gid?: number } = {}): ChildProcess {
  const c = spawnMarked(`${MARK}-${tag}`, extra, opts);
  children.push(c);
  return c;
}

function start(...extra: string[]): Session {
  return startVigil(
    `vigil-reflex-${process.pid}-${runs++}`,
    ['watch', '--interval', '0.5', '--data-dir', dataDir, '--config', config, ...extra],
    { cols: 120, rows: 40, env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' }, unset: ['NO_COLOR'] },
  );
}

const tags = [0, 1, 2].map((i) => marked(`tag${i}`));

before(() => {
  writeFileSync(config, `[notifications]\ndesktop = false\nlog_file = "${join(dir, 'vigil.log')}"\n`);
  s = start();
});

after(() => {
  s?.kill();
  endMarked(children);
  rmSync(dir, { recursive: true, force: true });
});

const pidsOf = (t: ChildProcess[]) => t.map((c) => c.pid!);

/** Filter with `\` on `text` and wait for the count. */
async function filter(text: string, count: number): Promise<string> {
  s.keys('Escape');
  await s.waitFor(/\d+ procs/);
  s.type('\\');
  s.type(text);
  s.keys('Enter');
  return s.waitFor(new RegExp(`filter "${text}" ${count}/`));
}

/** The pid in the details dialog opened with Enter. */
async function selectedPid(): Promise<number> {
  s.keys('Enter');
  const pane = await s.waitFor(/─ Process (\d+)/);
  s.keys('Escape');
  await s.waitFor(/F1 help|procs/);
  return Number(/─ Process (\d+)/.exec(pane)![1]);
}

test('`\\` filters (hides the rest); F3 searches (moves to a match, hides nothing), F3/n go to the next', async () => {
  await s.waitFor(/PID USER[\s\S]*mode observe/, 30000);
  const pane = await filter(`${MARK}-tag`, 3);
  const shown = pane.split('\n').filter((l) => /^│ +\d+ /.test(l));
  assert.equal(shown.length, 3, pane);
  s.keys('Escape');
  await s.waitFor(/sort CPU▼ │ \d+ procs/);
  s.keys('F3');
  s.type(`${MARK}-tag`);
  await s.waitFor(new RegExp(`search: ${MARK}-tag█ +F3 next`));
  s.keys('F3'); // next match while typing
  s.keys('Enter');
  // Nothing was hidden: the status line counts every process, no filter.
  const after = await s.waitFor(/sort CPU▼ │ \d+ procs/);
  assert.doesNotMatch(after, /filter "/);
  const first = await selectedPid();
  assert.ok(pidsOf(tags).includes(first), `${first} is one of ${pidsOf(tags)}`);
  s.keys('n');
  const second = await selectedPid();
  assert.ok(pidsOf(tags).includes(second));
  assert.notEqual(second, first, 'n moved to another match');
});

test('tag three with Space, F9 kills all three after one confirmation listing them', async () => {
  await filter(`${MARK}-tag`, 3);
  s.keys('Home', 'Space', 'Space', 'Space');
  await s.waitFor(/│ 3 tagged/);
  s.keys('F9');
  const dialog = await s.waitFor(/3 tagged processes:[\s\S]*SIGTERM +ask to terminate/);
  for (const pid of pidsOf(tags)) assert.match(dialog, new RegExp(`│ +${pid} +sh `), dialog);
  s.keys('Enter');
  await s.waitFor(/Send SIGTERM to these 3 processes\? y\/n/);
  const exits = tags.map((c) => new Promise((r) => c.once('exit', (_code, sig) => r(sig))));
  s.keys('y'); // one answer for all three
  assert.deepEqual(await Promise.all(exits), ['SIGTERM', 'SIGTERM', 'SIGTERM']);
  const result = await s.waitFor(/(\d+ exited: [^\n]*[\s\S]*){3}/);
  assert.equal((result.match(/\d+ exited: /g) ?? []).length, 3, result);
  s.keys('Escape');
  await s.waitFor(new RegExp(`filter "${MARK}-tag" 0/`));
  assert.doesNotMatch(s.capture(), /tagged/);
});

function niceOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

test('F7 lowers the nice value of an own process (root here), F8 raises it, through the policy', async () => {
  const victim = marked('nice');
  await filter(`${MARK}-nice`, 1);
  assert.equal(niceOf(victim.pid!), 0);
  s.keys('F7');
  await s.waitFor(new RegExp(`${victim.pid}: nice 0 → -1`));
  assert.equal(niceOf(victim.pid!), -1);
  s.keys('F8', 'F8');
  await s.waitFor(new RegExp(`${victim.pid}: nice 0 → 1`));
  assert.equal(niceOf(victim.pid!), 1);
  // PID 1 is refused by the same policy as a kill.
  s.keys('Escape');
  await s.waitFor(/\d+ procs/);
  s.keys('N', 'Home');
  await s.waitFor(/PID▲[\s\S]*│ +1 root/);
  s.keys('F8');
  await s.waitFor(/1: .*PID 1/);
  s.keys('P');
});

test('← / → scroll the command column to the tail of a long command line; Enter shows it whole', async () => {
  const long = marked('long', [`${'x'.repeat(160)}TAILEND`]);
  await filter(`${MARK}-long`, 1);
  assert.doesNotMatch(s.capture(), /TAILEND/);
  for (let i = 0; i < 30 && !/TAILEND/.test(s.capture()); i++) {
    s.keys('Right');
    await new Promise((r) => setTimeout(r, 80));
  }
  const pane = await s.waitFor(/«x+TAILEND/);
  assert.match(pane, new RegExp(`│ +${long.pid} root`));
  s.keys('Enter');
  await s.waitFor(/─ Process \d+[\s\S]*TAILEND/);
  s.keys('Escape');
  for (let i = 0; i < 30; i++) s.keys('Left');
  await s.waitFor(/\d+ root +S .*\/bin\/sh -c sleep/);
});

test('u shows one user’s processes', async () => {
  const theirs = marked('nobody', [], { uid: 65534, gid: 65534 });
  await new Promise((r) => setTimeout(r, 1200)); // in a snapshot or two
  s.keys('Escape');
  await s.waitFor(/\d+ procs/);
  s.keys('u');
  const dialog = await s.waitFor(/─ Show the processes of[\s\S]*all users/);
  assert.match(dialog, /nobody/);
  // Users are sorted: all users, then nobody before root.
  s.keys('Down', 'Enter');
  const pane = await s.waitFor(/│ user nobody/);
  const rows = pane.split('\n').filter((l) => /^│ +\d+ /.test(l));
  assert.ok(rows.length >= 1, pane);
  assert.ok(
    rows.every((l) => / nobody /.test(l)),
    pane,
  );
  assert.match(pane, new RegExp(`│ +${theirs.pid} nobody`));
  s.keys('Escape'); // clears the filters, the user filter too
  await s.waitFor(/\d+ procs(?! │ user)/);
});

test('H shows thread rows; a kill on a thread row names the process it reaches', async () => {
  const node = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', `${MARK}-threads`], {
    stdio: 'ignore',
  });
  children.push(node);
  await new Promise((r) => setTimeout(r, 600));
  await filter(`${MARK}-threads`, 1);
  s.keys('H');
  const pane = await s.waitFor(/│ threads/);
  await s.waitFor(/· /);
  const threadRows = s
    .capture()
    .split('\n')
    .filter((l) => l.includes('· '));
  assert.ok(threadRows.length >= 2, pane);
  s.keys('Home', 'Down', 'F9');
  const dialog = await s.waitFor(/is a thread of PID \d+/);
  // The process's own comm (node calls its main thread MainThread).
  assert.match(dialog, new RegExp(`TID \\d+ is a thread of PID ${node.pid} \\(`));
  s.keys('Enter');
  await s.waitFor(new RegExp(`Send SIGTERM to ${node.pid} \\([^)]+\\)\\? y/n`));
  s.keys('n');
  await s.waitFor(/Enter choose/);
  s.keys('Escape');
  // The dialog gone, not only the table around it: a key sent with Escape reads as Alt+key.
  await s.waitForGone(/Enter choose/);
  s.keys('H');
  await s.waitFor(/threads hidden/);
});

test('T sorts by CPU time, a click on a header sorts by it, an unbound key says so', async () => {
  // No Escape first: nothing is open, and Escape with T would read as Alt+T.
  s.keys('T');
  await s.waitFor(/TIME\+▼[\s\S]*sort TIME▼/);
  const lines = s.capture().split('\n');
  const y = lines.findIndex((l) => /PID USER/.test(l));
  const x = lines[y]!.indexOf('MEM%');
  s.type(`\u001b[<0;${x + 2};${y + 1}M`);
  s.type(`\u001b[<0;${x + 2};${y + 1}m`);
  await s.waitFor(/MEM%▼[\s\S]*sort MEM▼/);
  s.keys('j');
  await s.waitFor(/unknown key: j — F1 help/);
});

test('the view (sort, theme…) is kept in tui.json (0600) and forgotten with --reset-view', async () => {
  s.keys('F2');
  await s.waitFor(/─ Setup[\s\S]*theme: dark/);
  s.keys('Enter');
  await s.waitFor(/theme: light/);
  s.keys('Escape');
  await s.waitFor(/F1 help +q quit/);
  s.keys('q');
  await s.waitFor(/VIGIL-EXIT=0/);
  const file = join(dataDir, 'tui.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.sort, 'mem');
  assert.equal(saved.theme, 'light');
  s.kill();
  s = start();
  await s.waitFor(/sort MEM▼/, 30000);
  s.keys('q');
  await s.waitFor(/VIGIL-EXIT=0/);
  s.kill();
  s = start('--reset-view');
  await s.waitFor(/sort CPU▼/, 30000);
  assert.throws(() => statSync(file), 'the saved view is gone');
});
