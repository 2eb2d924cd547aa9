import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeymap } from '../../keymaps/keymap.ts';
import { computeLayout, inner } from '../../screens/layout.ts';
import { createRowMemo, MAX_TREE_LEAD, processRows } from '../../screens/processes.ts';
import {
  type Context,
  initialState,
  reconcile,
  reduce,
  typeIntoFilter,
  type UiState,
} from '../../screens/state.ts';
import { createLineCache, renderProcessTable } from '../../screens/table.ts';
import { makeTheme } from '../../screens/theme.ts';
import type { ProcessSnapshot } from '../../src/core/types.ts';

function proc(pid: number, ppid: number, name: string, over: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  return {
    pid,
    ppid,
    pgid: pid,
    uid: 1000,
    user: 'dev',
    name,
    cmdline: `${name} --serve`,
    state: 'S',
    cpuPercent: 0,
    rssBytes: 1024 * 1024,
    threads: 1,
    fds: 3,
    startTime: '2026-11-25T10:00:00.000Z',
    ageSeconds: 100,
    startTicks: pid * 10,
    sid: 1,
    ttyNr: 0,
    kernelThread: false,
    ...over,
  };
}

const LIST = [
  proc(1, 0, 'init', { cpuPercent: 0.1, rssBytes: 10e6, ageSeconds: 9000 }),
  proc(50, 1, 'node', { cpuPercent: 40, rssBytes: 300e6, ageSeconds: 60 }),
  proc(51, 50, 'python3', {
    cpuPercent: 5,
    rssBytes: 80e6,
    ageSeconds: 30,
    cmdline: 'python3 mcp_server.py',
  }),
  proc(52, 50, 'python3', {
    cpuPercent: 7,
    rssBytes: 90e6,
    ageSeconds: 20,
    cmdline: 'python3 mcp_server.py',
  }),
  proc(60, 1, 'bash', { cpuPercent: 0, rssBytes: 4e6, ageSeconds: 500 }),
  proc(61, 60, 'vim', { cpuPercent: 1, rssBytes: 20e6, ageSeconds: 400 }),
];

const pids = (rows: { proc: ProcessSnapshot }[]) => rows.map((r) => r.proc.pid);

test('sort by CPU, memory, pid, name and age, both directions', () => {
  const opts = { desc: true, filter: '', tree: false };
  assert.deepEqual(pids(processRows(LIST, { ...opts, sort: 'cpu' })), [50, 52, 51, 61, 1, 60]);
  assert.deepEqual(pids(processRows(LIST, { ...opts, sort: 'mem' })), [50, 52, 51, 61, 1, 60]);
  assert.deepEqual(pids(processRows(LIST, { ...opts, sort: 'pid', desc: false })), [1, 50, 51, 52, 60, 61]);
  assert.deepEqual(pids(processRows(LIST, { ...opts, sort: 'name', desc: false })), [60, 1, 50, 51, 52, 61]);
  assert.deepEqual(pids(processRows(LIST, { ...opts, sort: 'age', desc: false })), [52, 51, 50, 61, 60, 1]);
});

test('filter matches name, command line, user or an exact pid, case-insensitively', () => {
  const o = { sort: 'pid' as const, desc: false, tree: false };
  assert.deepEqual(pids(processRows(LIST, { ...o, filter: 'MCP_SERVER' })), [51, 52]);
  assert.deepEqual(pids(processRows(LIST, { ...o, filter: '61' })), [61]);
  assert.deepEqual(pids(processRows(LIST, { ...o, filter: 'nothing-like-this' })), []);
});

test('tree view nests children under parents, with ancestors of filtered matches dimmed', () => {
  const rows = processRows(LIST, { sort: 'pid', desc: false, filter: '', tree: true });
  assert.deepEqual(pids(rows), [1, 50, 51, 52, 60, 61]);
  assert.deepEqual(
    rows.map((r) => r.prefix),
    ['', '├─ ', '│  ├─ ', '│  └─ ', '└─ ', '   └─ '],
  );
  const filtered = processRows(LIST, { sort: 'pid', desc: false, filter: 'vim', tree: true });
  assert.deepEqual(pids(filtered), [1, 60, 61]);
  assert.deepEqual(
    filtered.map((r) => r.match),
    [false, false, true],
  );
});

function ctx(state: UiState, list = LIST): Context {
  return {
    rows: processRows(list, { sort: state.sort, desc: state.desc, filter: state.filter, tree: state.tree }),
    alerts: [],
    page: 3,
    modalPage: 5,
    modalLines: 20,
    now: 0,
  };
}

test('selection follows the process (pid + start time) across refreshes and re-sorts', () => {
  let s = initialState();
  s = reconcile(s, ctx(s).rows, 3);
  s = reduce(s, 'down', ctx(s)).state; // 50 → 52
  assert.equal(s.selectedKey, '52:520');
  // Next refresh: 52 becomes idle and sinks to the bottom; the selection goes with it.
  const next = LIST.map((p) => (p.pid === 52 ? { ...p, cpuPercent: 0 } : p));
  s = reconcile(s, ctx(s, next).rows, 3);
  assert.equal(s.selectedKey, '52:520');
  assert.ok(s.selectedIndex > 1);
  // Same pid, another start time (PID reuse): not the same process; selection stays in place.
  const reused = next.map((p) => (p.pid === 52 ? { ...p, startTicks: 99999 } : p));
  const before = s.selectedIndex;
  s = reconcile(s, ctx(s, reused).rows, 3);
  assert.notEqual(s.selectedKey, '52:520');
  assert.equal(s.selectedIndex, before);
});

test('navigation, sort keys, tree toggle, filter typing, follow', () => {
  let s = reconcile(initialState(), ctx(initialState()).rows, 3);
  s = reduce(s, 'end', ctx(s)).state;
  assert.equal(s.selectedIndex, LIST.length - 1);
  assert.equal(s.scroll, LIST.length - 3);
  s = reduce(s, 'home', ctx(s)).state;
  assert.equal(s.selectedIndex, 0);
  assert.equal(s.scroll, 0);
  s = reduce(s, 'page_down', ctx(s)).state;
  assert.equal(s.selectedIndex, 3);
  s = reduce(s, 'sort_next', ctx(s)).state;
  assert.equal(s.sort, 'mem');
  s = reduce(s, 'sort_pid', ctx(s)).state;
  assert.deepEqual([s.sort, s.desc], ['pid', false]);
  s = reduce(s, 'sort_invert', ctx(s)).state;
  assert.equal(s.desc, true);
  s = reduce(s, 'tree', ctx(s)).state;
  assert.equal(s.tree, true);
  s = reduce(s, 'filter', ctx(s)).state;
  assert.equal(s.input, true);
  for (const ch of 'mcp') s = typeIntoFilter(s, ch);
  s = reduce(s, 'input_erase', ctx(s)).state;
  assert.equal(s.filter, 'mc');
  s = reduce(s, 'input_accept', ctx(s)).state;
  assert.deepEqual([s.input, s.filter], [false, 'mc']);
  s = reconcile(s, ctx(s).rows, 3);
  s = reduce(s, 'follow', ctx(s)).state;
  assert.ok(s.followKey);
  // The followed process exits: following stops with a message.
  s = reconcile(
    s,
    ctx(
      s,
      LIST.filter((p) => `${p.pid}:${p.startTicks}` !== s.followKey),
    ).rows,
    3,
  );
  assert.equal(s.followKey, null);
  assert.equal(s.message, 'tui.follow.lost');
  s = reduce(s, 'clear_filter', ctx(s)).state;
  assert.equal(s.filter, '');
});

test('kill dialog: choose a signal, confirm, then the effect carries pid and start time', () => {
  let s = reconcile(initialState(), ctx(initialState()).rows, 3);
  s = reduce(s, 'kill', ctx(s)).state;
  assert.equal(s.modal?.kind, 'kill');
  s = reduce(s, 'modal_down', ctx(s)).state; // SIGKILL
  s = reduce(s, 'modal_confirm', ctx(s)).state;
  const step = reduce(s, 'modal_yes', ctx(s));
  assert.deepEqual(step.effect, {
    type: 'kill',
    targets: [
      { pid: 50, startTicks: 500, name: 'node', cmdline: 'node --serve', user: 'dev', rssBytes: 300e6 },
    ],
    signal: 'SIGKILL',
  });
  // Answering no goes back to the choice; Escape closes.
  s = reduce(s, 'modal_no', ctx(s)).state;
  assert.equal(s.modal?.kind === 'kill' && s.modal.step, 'choose');
  s = reduce(s, 'modal_close', ctx(s)).state;
  assert.equal(s.modal, null);
});

test('the process table renders header, rows and the selection at every width', () => {
  const theme = makeTheme(false);
  const rows = processRows(LIST, { sort: 'cpu', desc: true, filter: '', tree: false });
  for (const cols of [80, 120, 200]) {
    const { width, height } = inner(computeLayout(cols, 30).panes.processes);
    const lines = renderProcessTable(
      {
        rows,
        selectedKey: '50:500',
        scroll: 0,
        sort: 'cpu',
        desc: true,
        totalMemBytes: 1e9,
        focused: true,
        followKey: null,
      },
      theme,
      width,
      height,
    );
    assert.match(lines[0]!, /PID USER +S +CPU%▼ +MEM% +RSS +TIME\+ +AGE COMMAND/);
    assert.match(lines[1]!, /^\{inverse\} +50 dev +S +40\.0% +30\.0 +286M +- +1m00s node --serve/);
    assert.ok(lines.length <= height);
  }
  // Blessed tags in a command line are shown literally, never interpreted.
  const hostile = [proc(7, 1, 'x', { cmdline: 'sleep {red-fg}{bold}PWN{/bold}' })];
  const out = renderProcessTable(
    {
      rows: processRows(hostile, { sort: 'cpu', desc: true, filter: '', tree: false }),
      selectedKey: null,
      scroll: 0,
      sort: 'cpu',
      desc: true,
      totalMemBytes: 1e9,
      focused: true,
      followKey: null,
    },
    makeTheme(true),
    100,
    5,
  ).join('\n');
  assert.ok(out.includes('{open}red-fg{close}{open}bold{close}PWN'), out);
});

test('layouts from 80×24 up keep every pane inside the screen without overlaps', () => {
  for (const [c, r] of [
    [80, 24],
    [100, 30],
    [120, 40],
    [250, 70],
  ] as const) {
    const l = computeLayout(c, r, 8);
    const rects = Object.entries(l.panes);
    for (const [name, p] of rects) {
      assert.ok(
        p.left >= 0 && p.top >= 0 && p.left + p.width <= c && p.top + p.height <= r,
        `${name} at ${c}×${r}`,
      );
    }
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const [na, a] = rects[i]!;
        const [nb, b] = rects[j]!;
        const overlap =
          a.left < b.left + b.width &&
          b.left < a.left + a.width &&
          a.top < b.top + b.height &&
          b.top < a.top + a.height;
        assert.ok(!overlap, `${na} overlaps ${nb} at ${c}×${r}`);
      }
    assert.ok(inner(l.panes.processes).height >= 6, `process table too small at ${c}×${r}`);
    assert.equal(l.alertsAs, c >= 100 ? 'sidebar' : 'strip');
  }
  assert.ok(buildKeymap('default'));
});

test('kernel threads are hidden by default and shown on request (htop K)', () => {
  const withK = [
    ...LIST,
    proc(2, 0, 'kthreadd', { kernelThread: true, cmdline: '' }),
    proc(3, 2, 'kworker/0:1', { kernelThread: true, cmdline: '' }),
  ];
  const opts = { desc: false, filter: '', tree: false, sort: 'pid' as const };
  assert.deepEqual(pids(processRows(withK, opts)), [1, 50, 51, 52, 60, 61]);
  assert.deepEqual(pids(processRows(withK, { ...opts, kernelThreads: true })), [1, 2, 3, 50, 51, 52, 60, 61]);
  assert.ok(!pids(processRows(withK, { ...opts, tree: true })).includes(3), 'hidden in the tree too');
  assert.deepEqual(pids(processRows(withK, { ...opts, filter: 'kworker' })), []);
});

test('a deep tree keeps only the last levels of guides, so the command stays readable', () => {
  const chain = [proc(1, 0, 'init')];
  for (let pid = 2; pid <= 14; pid++) chain.push(proc(pid, pid - 1, `level${pid}`));
  const rows = processRows(chain, { sort: 'pid', desc: false, filter: '', tree: true });
  const deepest = rows.at(-1)!;
  assert.equal(deepest.depth, 13);
  assert.ok(deepest.prefix.startsWith('…'), deepest.prefix);
  assert.ok(deepest.prefix.length <= MAX_TREE_LEAD + 3, deepest.prefix);
  assert.equal(rows[3]!.prefix, '      └─ ', 'shallow rows keep every guide');
});

test('the row memo and the line cache change nothing: same rows, same lines, frame after frame', () => {
  const memo = createRowMemo();
  const lines = createLineCache();
  const theme = makeTheme(true);
  const frames: ProcessSnapshot[][] = [
    LIST,
    // CPU moved (a new order), one process gone, one new, one pid reused (another start time).
    [
      ...LIST.filter((p) => p.pid !== LIST[1]!.pid).map(
        (p, i): ProcessSnapshot => ({
          ...p,
          cpuPercent: (i * 7) % 50,
          ...(i === 0 ? { startTicks: 1 } : {}),
        }),
      ),
      proc(999, 1, 'fresh', { cpuPercent: 12 }),
    ],
    LIST.map((p) => ({ ...p, cpuPercent: 1 })),
  ];
  let tagged = new Set<string>();
  for (const [i, list] of frames.entries()) {
    for (const sort of ['cpu', 'name'] as const) {
      const plain = processRows(list, { sort, desc: sort === 'cpu', filter: '', tree: false });
      const memoised = processRows(list, { sort, desc: sort === 'cpu', filter: '', tree: false, memo });
      assert.deepEqual(
        memoised.map((r) => [r.key, r.proc]),
        plain.map((r) => [r.key, r.proc]),
      );
      const view = {
        rows: plain,
        selectedKey: plain[i]!.key,
        scroll: 0,
        sort,
        desc: true,
        totalMemBytes: 1e9,
        focused: i !== 1,
        followKey: null,
        tagged,
      };
      assert.deepEqual(
        renderProcessTable({ ...view, rows: memoised, lines }, theme, 100, 12),
        renderProcessTable(view, theme, 100, 12),
      );
      tagged = new Set([plain[2]!.key]);
    }
  }
  assert.ok(lines.lines.size <= 11, 'only the rows of the last frame are kept');
});
