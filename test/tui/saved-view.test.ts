// A corrupt saved view in a real `vigil watch` (tmux): the screen starts from the [ui] defaults and
// the status line says which file, what is wrong with it and how to start afresh.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Session, startVigil } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-tui-view-'));
const name = `vigil-view-${process.pid}`;
let s: Session | undefined;
after(() => {
  s?.kill();
  rmSync(`/tmp/${name}.stderr`, { force: true });
  rmSync(dir, { recursive: true, force: true });
});

test('a corrupt tui.json: the [ui] defaults, and the status line says where and what', async () => {
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  writeFileSync(join(data, 'tui.json'), '{"sort": "mem", "tree": tr', { mode: 0o600 });
  writeFileSync(join(dir, 'config.toml'), '[notifications]\ndesktop = false\n[ui]\nsort = "pid"\n');
  s = startVigil(
    name,
    ['watch', '--interval', '0.5', '--data-dir', data, '--config', join(dir, 'config.toml')],
    {
      cols: 200,
      rows: 30,
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      unset: ['NO_COLOR'],
    },
  );
  const pane = await s.waitFor(/tui\.json is not a saved view/, 30_000);
  assert.match(pane, /PID▲/, 'sorted by pid, as [ui] says, not by the saved mem');
  s.keys('q');
  await s.waitFor(/VIGIL-EXIT=0/);
});
