// The GPU column in a real `vigil watch` in tmux. This machine has no GPU: the fixture nvidia-smi
// (test/fixtures/gpu, chosen with VIGIL_NVIDIA_SMI) stands in for the driver, its compute apps
// naming two real processes of this test. With it the table has a GPU column with their VRAM; without
// it there is none and the status line says `no GPU`.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Session, startVigil } from './helpers.ts';

const FIX = new URL('../fixtures/gpu/', import.meta.url).pathname;
const MARK = `vgpu${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'vigil-gpu-column-'));
const children: ChildProcess[] = [];
const sessions: Session[] = [];

after(() => {
  for (const s of sessions) s.kill();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of sessions) rmSync(`/tmp/${s.name}.stderr`, { force: true });
  rmSync(dir, { recursive: true, force: true });
});

function marked(tag: string): number {
  // sleep itself under a marked argv0 (a shell killed at the end would leave its sleep behind).
  const c = spawn('sleep', ['600'], { argv0: `${MARK}-${tag}`, stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

function watch(env: Record<string, string>, unset: string[]): Session {
  const s = startVigil(
    `vigil-gpu-${process.pid}-${sessions.length}`,
    ['watch', '--interval', '0.5', '--data-dir', join(dir, 'data'), '--config', join(dir, 'config.toml')],
    {
      cols: 120,
      rows: 40,
      env: { TERM: 'tmux-256color', LANG: 'C.UTF-8', ...env },
      unset: ['NO_COLOR', ...unset],
    },
  );
  sessions.push(s);
  return s;
}

test('a GPU column with each process’s VRAM when a GPU exists; none without', {
  timeout: 60_000,
}, async () => {
  writeFileSync(join(dir, 'config.toml'), '[notifications]\ndesktop = false\n');
  const big = marked('big');
  const small = marked('small');
  // The fixture driver, its compute apps naming our two processes on the RTX 4090.
  copyFileSync(join(FIX, 'nvidia-smi'), join(dir, 'nvidia-smi'));
  copyFileSync(join(FIX, 'gpus.csv'), join(dir, 'gpus.csv'));
  const uuid = 'GPU-5a2f3c1e-8d4b-4e0a-9c61-2f7d1b3e9a10';
  writeFileSync(join(dir, 'apps.csv'), `${uuid}, ${big}, 9216, /bin/sh\n${uuid}, ${small}, 1024, /bin/sh\n`);
  const s = watch({ VIGIL_NVIDIA_SMI: join(dir, 'nvidia-smi') }, []);
  await s.waitFor(/PID USER[\s\S]*mode observe/, 30_000);
  s.type('\\');
  s.type(MARK);
  s.keys('Enter');
  const pane = await s.waitFor(new RegExp(`filter "${MARK}" 2/[\\s\\S]*`), 20_000);
  const withGpu = await s.waitFor(new RegExp(`│ +${big} root .* 9\\.0G ${MARK}-big 600`), 20_000);
  assert.match(withGpu, /PID USER .* GPU COMMAND/, pane);
  assert.match(withGpu, new RegExp(`│ +${small} root .* 1\\.0G `));
  assert.match(withGpu, /─ GPU ─[\s\S]*10\.1G\/24\.0G/, 'the GPU pane shows the card');
  s.keys('q');
  await s.waitFor(/VIGIL-EXIT=0/);

  // No driver (and no AMD card on this machine): no column, `no GPU` in the status line.
  const none = watch({}, ['VIGIL_NVIDIA_SMI']);
  const plain = await none.waitFor(/PID USER[\s\S]*no GPU/, 30_000);
  const header = plain.split('\n').find((l) => /PID USER/.test(l))!;
  assert.doesNotMatch(header, /GPU/);
  none.keys('q');
  await none.waitFor(/VIGIL-EXIT=0/);
});
