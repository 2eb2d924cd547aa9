// A storm ended from the TUI as ONE action, in a real tmux with real processes: four leaked
// `python3 mcp_server.py` servers from a `node` that exits fire ghost_process_storm; on the alert
// sidebar `k` opens one dialog listing every member (pid, command, RSS), one `y` sends the group
// through src/actions/group.ts, a member made protected meanwhile (config reloaded) is refused
// with its reason in the dialog and the status line, the others exit, and the action ledger in
// vigil.db has one kill_group row from the TUI naming all four.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readPidStat } from '../../src/proc/read.ts';
import { openStore } from '../../src/store/index.ts';
import { createRig } from '../scenario/detect-helpers.ts';
import { type Session, startVigil } from './helpers.ts';

const rig = createRig('tui-storm');
const dataDir = join(rig.dir, 'data');
const config = join(rig.dir, 'config.toml');
let s: Session | undefined;

after(async () => {
  s?.kill();
  rmSync(`/tmp/vigil-storm-${process.pid}.stderr`, { force: true });
  await rig.cleanup();
});

const gone = (pid: number) => {
  const st = readPidStat({ proc: '/proc' }, pid);
  return !st || st.state === 'Z';
};

function writeConfig(protectedPids: number[]): void {
  writeFileSync(
    config,
    [
      '[thresholds]',
      'max_duplicate_processes = 3',
      'storm_min_ram_mb = 16',
      '[allowlist]',
      // Copies other test suites leave on a shared machine would be storms of their own here.
      'ignore_commands = ["sleep", "sh", "bash"]',
      `protected_pids = [${[1, ...protectedPids].join(', ')}]`,
      '[notifications]',
      'desktop = false',
      `log_file = "${join(rig.dir, 'vigil.log')}"`,
      '',
    ].join('\n'),
  );
}

test('k on a storm alert: one dialog listing every member, one confirmation, one group action in the ledger', {
  timeout: 90_000,
}, async () => {
  writeConfig([]);
  s = startVigil(
    `vigil-storm-${process.pid}`,
    ['watch', '--interval', '0.5', '--data-dir', dataDir, '--config', config],
    { cols: 200, rows: 48, env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' }, unset: ['NO_COLOR'] },
  );
  await s.waitFor(/PID USER[\s\S]*mode observe/, 30_000);
  const storm = await rig.storm({ n: 4, mb: 8, detached: false, exitAfterMs: 1500, tag: 'tui' });
  await s.waitFor(/ghost_process_storm/, 30_000);
  // One member becomes protected: the policy refuses it inside the group, the rest go.
  const kept = storm.pids[0]!;
  writeConfig([kept]);
  s.keys('C-r');
  await s.waitFor(/configuration reloaded/);

  // Find the storm in the sidebar (other alerts of the machine may be there too): `k` on each
  // alert until the dialog lists our servers. Each step waits for its own effect: a key clears
  // the last message, so an old one is never taken for the answer to the next `k`.
  const answer = /─ Send a signal|no process group|is resolved|are gone/;
  s.keys('Tab', 'Home');
  await s.waitFor(/^(?![\s\S]*(─ Send a signal|no process group|is resolved|are gone))/);
  let dialog = '';
  let pane = '';
  for (let i = 0; i < 12 && !dialog; i++) {
    s.keys('k');
    pane = await s.waitFor(answer);
    if (/─ Send a signal/.test(pane) && pane.includes(`${kept}  `)) dialog = pane;
    else {
      // Escape alone (ESC and a key together read as Alt+key), then the next alert.
      if (/─ Send a signal/.test(pane)) {
        s.keys('Escape');
        await s.waitFor(/^(?![\s\S]*─ Send a signal)/);
      }
      s.keys('Down');
      await s.waitFor(/^(?![\s\S]*(─ Send a signal|no process group|is resolved|are gone))/);
    }
  }
  assert.ok(dialog, `the storm alert opened a group dialog:\n${pane}`);
  const head = /(ghost_process_storm-\S+): 4 processes, (\d+(?:\.\d+)?[KMG]) in all, as one action:/.exec(
    dialog,
  );
  assert.ok(head, dialog);
  const alertId = head[1]!;
  for (const pid of storm.pids) {
    // pid, name, owner and RSS, then the command line on the next line.
    assert.match(dialog, new RegExp(`│ ?${pid}  \\S+  \\(root, \\d+(\\.\\d+)?M\\)`), dialog);
  }
  assert.equal((dialog.match(/mcp_server\.py/g) ?? []).length >= 4, true, dialog);
  s.keys('Enter'); // SIGTERM
  await s.waitFor(new RegExp(`Send SIGTERM to the 4 processes of ${alertId}, as one action\\? y/n`));
  s.keys('y'); // one answer for the whole group

  const others = storm.pids.slice(1);
  const deadline = Date.now() + 20_000;
  while (!others.every(gone) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(others.every(gone), 'every unprotected member exited');
  assert.ok(!gone(kept), 'the protected member is untouched');
  const result = await s.waitFor(/(\d+ exited: [^\n]*[\s\S]*){3}/);
  assert.match(result, new RegExp(`${kept} refused: pid ${kept} is in allowlist\\.protected_pids`));
  // The status line says what the group action did, and the refusal.
  s.keys('Escape');
  const status = await s.waitFor(
    new RegExp(`${alertId}: exited, 3/4 signalled, 1 refused, \\d+(\\.\\d+)?M freed`),
  );
  assert.match(status, new RegExp(`— ${kept}: pid ${kept} is in allowlist\\.protected_pids`));

  // The ledger: one row for the group, from the TUI, every member named, the check done.
  s.keys('q');
  await s.waitFor(/VIGIL-EXIT=0/);
  const store = openStore(dataDir, { readonly: true });
  try {
    const rows = store.actionsSince(0).filter((r) => r.type === 'kill_group');
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const row = rows[0]!;
    assert.equal(row.source, 'tui');
    assert.equal(row.alertId, alertId);
    assert.equal(row.outcome, 'exited');
    assert.deepEqual(
      [...row.pids!].sort((a, b) => a - b),
      storm.pids,
    );
    assert.deepEqual(
      [...row.check!.gone].sort((a, b) => a - b),
      others,
    );
    assert.ok(row.check!.freedBytes > 3 * 8 * 1024 * 1024, `freed ${row.check!.freedBytes}`);
  } finally {
    store.close();
  }
});
