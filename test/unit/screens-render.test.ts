// Screen-level tests: the whole TUI rendered off-terminal (a blessed screen on an in-memory
// stream) from a real engine sampling this machine, flattened to text.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildKeymap } from '../../keymaps/keymap.ts';
import { type App, createApp } from '../../screens/app.ts';
import { createPorts } from '../../screens/ports.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { offscreen, screenText } from '../helpers/offscreen.ts';

const children: ChildProcess[] = [];
let dataDir = '';
let engine: Engine;
let config: VigilConfig;
const MARK = `vigiltest${process.pid}`;

function sleeper(...args: string[]): ChildProcess {
  // sh stays alive (two commands), so its argv — with our marker — is in /proc/PID/cmdline.
  // Its own process group, so `after` takes the sleep under it too (no orphan left behind).
  const c = spawn('/bin/sh', ['-c', 'sleep 300; true', ...args], { stdio: 'ignore', detached: true });
  children.push(c);
  return c;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-screens-'));
  config = defaultConfig({ LANG: 'en_US.UTF-8' });
  config.general.interval_secs = 0.2;
  config.notifications.log_file = join(dataDir, 'vigil.log');
  // Three identical copies of one command: a duplicate_processes alert for the sidebar.
  config.thresholds.max_duplicate_processes = 2;
  for (let i = 0; i < 3; i++) {
    children.push(spawn('sleep', [`${3000 + (process.pid % 500)}.5`], { stdio: 'ignore' }));
  }
  sleeper(`${MARK}-plain`);
  sleeper(`${MARK}-{red-fg}{bold}TAGGED{/bold}`, '\u001b]0;PWNED\u0007\u001b[2J');
  engine = buildEngine({ config, role: 'tui', log: memoryLogger() });
  await engine.tick();
  await new Promise((r) => setTimeout(r, 150));
  await engine.tick();
});

after(async () => {
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
  }
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function mount(cols: number, rows: number, opts: { color?: boolean; keymap?: string } = {}) {
  const off = offscreen(cols, rows);
  let quit = false;
  const app: App = createApp({
    engine,
    keymap: buildKeymap(opts.keymap ?? 'default'),
    config,
    color: opts.color ?? true,
    mouse: false,
    screen: off.screen,
    ports: createPorts({
      config: () => config,
      engine,
      log: memoryLogger(),
      env: {},
      waitMs: 2000,
      reload: async () => ({ config: null, message: 'not here' }),
    }),
    onQuit: () => {
      quit = true;
    },
  });
  app.renderNow();
  return {
    app,
    off,
    text: () => {
      app.renderNow();
      return screenText(off.screen).join('\n');
    },
    quitted: () => quit,
    close: () => {
      app.destroy();
      off.destroy();
    },
  };
}

test('every pane is drawn at 120×40 and at 80×24, and re-laid out on resize', () => {
  const m = mount(120, 40);
  try {
    const text = m.text();
    for (const label of ['CPU', 'Memory', 'Disks', 'Network', 'Processes', 'Alerts']) {
      assert.match(text, new RegExp(`─ ${label}`), `${label} pane missing`);
    }
    // Without a GPU there is no empty GPU pane: the status line says it once.
    assert.doesNotMatch(text, /─ GPU/);
    assert.match(screenText(m.off.screen).at(-1)!, /no GPU/);
    assert.match(text, /Mem\[/);
    assert.match(text, /load \d+\.\d\d/);
    assert.match(text, /PID USER +S +CPU%▼/);
    assert.match(text, /mode observe │ 0\.2s │ AI off/);
    // The alert pane is a sidebar beside the table at 120 columns.
    const procLine = screenText(m.off.screen).find((l) => l.includes('─ Processes'))!;
    assert.ok(procLine.includes('─ Alerts'), procLine);
    m.off.resize(80, 24);
    const small = m.text().split('\n');
    assert.equal(small.length, 24);
    assert.ok(small.every((l) => [...l].length <= 80));
    // At 80×24 the meters are htop-like bars over the table, which gets at least 12 rows; the
    // alert strip is there only when there are alerts to show.
    assert.ok(
      small.some((l) => /^ *0\[.*\] +Mem\[/.test(l)),
      small.join('\n'),
    );
    const top = small.findIndex((l) => l.includes('─ Processes'));
    const bottom = small.findIndex((l, i) => i > top && l.startsWith('└'));
    assert.ok(bottom - top - 2 >= 12, `${bottom - top - 2} process rows at 80×24`);
    assert.equal(
      small.some((l) => l.includes('─ Alerts')),
      m.app.alerts().length > 0,
    );
    assert.match(small[23]!, /mode observe/);
  } finally {
    m.close();
  }
});

test('hostile text from a process is shown literally: no tags interpreted, no escapes written', () => {
  const m = mount(230, 40);
  try {
    m.app.dispatch('filter');
    for (const ch of MARK) m.app.press(ch);
    m.app.dispatch('input_accept');
    const text = m.text();
    assert.match(text, new RegExp(`${MARK}-\\{red-fg\\}\\{bold\\}TAGGED\\{/bold\\}`));
    assert.match(text, new RegExp(`${MARK}-plain`));
    // The OSC title and clear-screen sequences were stripped at ingest, text and all.
    assert.doesNotMatch(text, /PWNED/);
    const out = m.off.written();
    assert.ok(
      !out.includes('PWNED\u0007') && !out.includes(']0;PWNED'),
      'OSC title sequence reached the terminal',
    );
    assert.ok(!out.includes('\u001b[2J'), 'clear-screen sequence reached the terminal');
  } finally {
    m.close();
  }
});

test('NO_COLOR: nothing but attributes (no colour escape sequences) is written', () => {
  const m = mount(120, 40, { color: false });
  try {
    m.text();
    const out = m.off.written();
    assert.doesNotMatch(
      out,
      /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)(?:;[0-9;]*)?m/,
      'a foreground colour was written',
    );
    assert.match(m.text(), /─ Processes/);
  } finally {
    m.close();
  }
});

test('help is generated from the keymap in force (default and vim)', () => {
  for (const [keymap, keys] of [
    ['default', /F9 k +send a signal/],
    ['vim', /F9 x +send a signal/],
  ] as const) {
    const m = mount(120, 50, { keymap });
    try {
      m.app.press('f1');
      const text = m.text();
      assert.match(text, /─ Help/);
      assert.match(text, keys);
      assert.match(text, new RegExp(`keymap: ${keymap}`));
      m.app.press('escape');
      assert.doesNotMatch(m.text(), /─ Help/);
    } finally {
      m.close();
    }
  }
});

test('sort, tree and filter change the table; q quits', () => {
  const m = mount(120, 40);
  try {
    m.app.press('P');
    m.app.press('f6');
    assert.match(m.text(), /MEM%▼/);
    m.app.press('N');
    assert.match(m.text(), /PID▲/);
    m.app.press('f5');
    assert.match(m.text(), /│ tree │/);
    assert.match(m.text(), /[├└]─ /);
    m.app.press('\\');
    for (const ch of `${MARK}-plain`) m.app.press(ch);
    const text = m.text();
    assert.match(text, /filter: vigiltest\d+-plain█/);
    m.app.press('enter');
    // The match (an sh under this test's node) shows with its ancestors in tree view.
    assert.ok(m.app.rows().some((r) => r.match && r.proc.cmdline.includes(`${MARK}-plain`)));
    assert.ok(m.app.rows().every((r) => r.match === r.proc.cmdline.includes(`${MARK}-plain`) || !r.match));
    m.app.press('q');
    assert.equal(m.quitted(), true);
  } finally {
    m.close();
  }
});

test('kill through the dialog and the policy gate: the selected process dies', async () => {
  const victim = sleeper(`${MARK}-victim`);
  await new Promise((r) => setTimeout(r, 100));
  await engine.tick();
  const m = mount(120, 40);
  try {
    m.app.press('\\');
    for (const ch of `${MARK}-victim`) m.app.press(ch);
    m.app.press('enter');
    m.text();
    assert.equal(m.app.rows()[0]?.proc.pid, victim.pid);
    m.app.press('f9');
    assert.match(m.text(), /─ Send a signal/);
    assert.match(m.text(), /SIGTERM +ask to terminate/);
    m.app.press('enter');
    assert.match(m.text(), new RegExp(`Send SIGTERM to ${victim.pid} \\(sh\\)\\? y/n`));
    const exited = new Promise((r) => victim.once('exit', r));
    m.app.press('y');
    await exited;
    const deadline = Date.now() + 5000;
    while (!/exited:/.test(m.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(m.text(), /exited:/);
    assert.equal(victim.signalCode, 'SIGTERM');
    m.app.press('escape');
    // The policy gate refuses PID 1, whatever the dialog says.
    m.app.press('escape'); // clear the filter
    m.app.press('N');
    m.app.press('home');
    m.text();
    assert.equal(m.app.rows()[0]?.proc.pid, 1);
    m.app.press('f9');
    m.app.press('enter');
    m.app.press('y');
    const until = Date.now() + 5000;
    while (!/refused:/.test(m.text()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.match(m.text(), /refused: .*PID 1|refused: .*1/);
  } finally {
    m.close();
  }
});

test('alert sidebar: newest first, details on Enter, explain on e (local without AI)', async () => {
  const deadline = Date.now() + 8000;
  while (!engine.latest()?.alerts.some((a) => a.rule === 'duplicate_processes') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    await engine.tick();
  }
  const m = mount(120, 40);
  try {
    assert.match(m.text(), /─ Alerts \(\d+\)/);
    assert.match(m.text(), /\[MED\] duplicate_processes/);
    m.app.press('tab');
    const i = m.app.state().alertIndex;
    assert.equal(i, 0);
    // Move to the duplicate alert (there may be others on this machine).
    const target = m.app.alerts().findIndex((a) => a.rule === 'duplicate_processes');
    for (let k = 0; k < target; k++) m.app.press('down');
    assert.equal(m.app.state().alertIndex, target);
    m.app.press('enter');
    let text = m.text();
    assert.match(text, /─ Alert/);
    assert.match(text, /MEDIUM +duplicate_processes +\(firing\)/);
    assert.match(text, /suggested command:/);
    m.app.press('escape');
    m.app.press('e');
    const until = Date.now() + 10000;
    while (!/\[local\]/.test(m.text()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    text = m.text();
    assert.match(text, /─ Explain: duplicate_processes/);
    assert.match(text, /Diagnosis/);
    m.app.press('escape');
    assert.doesNotMatch(m.text(), /─ Explain/);
  } finally {
    m.close();
  }
});

test('renders are coalesced: one per burst of keys, one per engine tick', async () => {
  const m = mount(120, 40);
  try {
    await new Promise((r) => setImmediate(r));
    const before = m.app.renders();
    for (const k of ['down', 'down', 'up', 'P', 'M', 'N', 'I', 'home']) m.app.press(k);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(m.app.renders() - before, 1);
    const afterKeys = m.app.renders();
    await engine.tick();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(m.app.renders() - afterKeys, 1);
  } finally {
    m.close();
  }
});
