// runFile: the daemon's routine children (systemd-notify, notify-send) — real processes, each
// outcome as the callers read it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFile } from '../../src/core/run-file.ts';

const env = { PATH: '/usr/bin:/bin' };

test('output, exit code and a whole environment of its own', async () => {
  const ok = await runFile('sh', ['-c', 'printf "%s|%s" "$VIGIL_T" "$HOME"; printf err >&2'], {
    env: { ...env, VIGIL_T: 'a b' },
    timeoutMs: 10_000,
  });
  assert.deepEqual(
    { code: ok.code, error: ok.error, stdout: ok.stdout, stderr: ok.stderr },
    { code: 0, error: null, stdout: 'a b|', stderr: 'err' },
    'nothing inherited: no HOME',
  );
  const failed = await runFile('sh', ['-c', 'echo why >&2; exit 3'], { env, timeoutMs: 10_000 });
  assert.equal(failed.code, 3);
  assert.equal(failed.error, 'sh: exited with code 3');
  assert.equal(failed.stderr, 'why\n');
  assert.equal(failed.missing, false);
});

test('the arguments are never read by a shell, and stdin is closed', async () => {
  const r = await runFile('printf', ['%s', '$(touch /tmp/vigil-never); `id`'], { env, timeoutMs: 10_000 });
  assert.equal(r.stdout, '$(touch /tmp/vigil-never); `id`');
  const cat = await runFile('cat', [], { env, timeoutMs: 10_000 });
  assert.deepEqual([cat.code, cat.stdout], [0, ''], 'cat sees end of input at once');
});

test('a missing command, a timeout and an abort each say so', async () => {
  const missing = await runFile('vigil-no-such-command', [], { env, timeoutMs: 10_000 });
  assert.equal(missing.missing, true);
  assert.equal(missing.error, 'vigil-no-such-command: not found');
  const slow = await runFile('sleep', ['30'], { env, timeoutMs: 200 });
  assert.equal(slow.timedOut, true);
  assert.equal(slow.error, 'sleep: timed out after 200 ms');
  const ac = new AbortController();
  const pending = runFile('sleep', ['30'], { env, timeoutMs: 10_000, signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const aborted = await pending;
  assert.equal(aborted.error, 'sleep: aborted');
  assert.equal(aborted.timedOut, false);
});
