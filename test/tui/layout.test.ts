// The layout in a real tmux at 60×20, 80×24, 120×40 and 200×60: the screen fills the terminal
// exactly, no line wraps or runs past the right edge, the process table's box is whole, the
// status line is the last line, and 80×24 shows at least 12 process rows (htop shows ~17).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Session, startVigil, tmux } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-layout-'));
let s: Session;

before(() => {
  const config = join(dir, 'config.toml');
  writeFileSync(config, '[notifications]\ndesktop = false\n');
  s = startVigil(
    `vigil-layout-${process.pid}`,
    ['watch', '--interval', '1', '--data-dir', join(dir, 'data'), '--config', config],
    { cols: 120, rows: 40, env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' }, unset: ['NO_COLOR'] },
  );
});

after(() => {
  s?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The process box: its top and bottom lines and the rows between (the header first). */
function processBox(lines: string[]): { top: number; bottom: number; left: number; right: number } {
  const top = lines.findIndex((l) => l.includes('─ Processes'));
  const left = [...lines[top]!].indexOf('┌');
  let bottom = top + 1;
  while (bottom < lines.length && [...lines[bottom]!][left] === '│') bottom++;
  const right = [...lines[top]!].indexOf('┐', left);
  return { top, bottom, left, right };
}

for (const [cols, rows] of [
  [60, 20],
  [80, 24],
  [120, 40],
  [200, 60],
] as const) {
  test(`${cols}×${rows}: fills the terminal, nothing wraps, the table is whole`, async () => {
    tmux('resize-window', '-t', s.name, '-x', String(cols), '-y', String(rows));
    // Wait for a frame at this size: the status line at the bottom, the box as wide as it fits.
    await s.waitFor(/(^|\n)[^\n]*┌─ Processes[\s\S]*\n mode observe[^\n]*\n?$/);
    await new Promise((r) => setTimeout(r, 1200)); // one more refresh at this size
    const lines = s.capture().replace(/\n$/, '').split('\n');
    assert.equal(lines.length, rows, lines.join('\n'));
    for (const l of lines) assert.ok([...l].length <= cols, `a line is wider than ${cols}: ${l}`);
    assert.match(lines[rows - 1]!, /^ mode observe/, 'the status line is the last line');
    const box = processBox(lines);
    assert.ok(box.top >= 0, lines.join('\n'));
    assert.match(lines[box.bottom]!, /└─+┘/, `the table's bottom border:\n${lines.join('\n')}`);
    // Every row of the table ends with its right border in the same column: nothing wrapped.
    for (let i = box.top + 1; i < box.bottom; i++) assert.equal([...lines[i]!][box.right], '│', lines[i]);
    assert.match(lines[box.top + 1]!, /PID +USER/);
    const processRows = box.bottom - box.top - 2;
    if (cols === 80 && rows === 24) assert.ok(processRows >= 12, `${processRows} process rows at 80×24`);
    if (cols >= 100 && rows >= 30) {
      for (const label of ['CPU', 'Memory', 'Disks', 'Network', 'Alerts'])
        assert.match(lines.join('\n'), new RegExp(`─ ${label}`));
    } else {
      assert.match(lines[0]!, /\d\[.*\] +Mem\[/, 'htop-like meters over the table');
    }
  });
}
