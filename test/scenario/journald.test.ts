// journald priorities: under systemd, stderr is a stream to journald and JOURNAL_STREAM holds its
// DEVICE:INODE. Then every line starts with its sd-daemon priority (<3> error, <4> warning,
// <6> info, <7> debug) so `journalctl -p warning` finds errors; otherwise plain JSON lines. A file
// stands for the journal's stream here: the test sets JOURNAL_STREAM to the file's own pair.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLogger, isJournalStream } from '../../src/core/log.ts';
import { CLI, exited, waitFor } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-journald-'));
after(() => rmSync(root, { recursive: true, force: true }));

const pairOf = (file: string) => {
  const st = statSync(file, { bigint: true });
  return `${st.dev}:${st.ino}`;
};

/** Run the daemon with stderr on `file`; SIGHUP with a broken config, then SIGTERM. */
async function daemonInto(file: string, journalStream: string | undefined): Promise<string[]> {
  const config = join(root, `config-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(config, '[general]\ninterval_secs = 0.2\n');
  const fd = openSync(file, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: join(root, 'data'),
    VIGIL_LOG_LEVEL: 'debug',
  };
  delete env.JOURNAL_STREAM;
  if (journalStream !== undefined)
    env.JOURNAL_STREAM = journalStream === 'self' ? pairOf(file) : journalStream;
  // A non-loopback metrics address is logged as a warning; a rejected reload as an error.
  const child = spawn(process.execPath, [CLI, '--headless', '--config', config, '--metrics', '0.0.0.0:0'], {
    env,
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  try {
    const text = () => readFileSync(file, 'utf8');
    await waitFor(() => (text().match(/"event":"tick"/g)?.length ?? 0) >= 2, 20_000, 'two ticks');
    writeFileSync(config, '[general]\ninterval_secs = "fast"\n');
    child.kill('SIGHUP');
    await waitFor(() => text().includes('config reload rejected'), 10_000, 'the rejected reload');
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

test('stderr is journald: each line starts with its priority, then the JSON', async () => {
  const lines = await daemonInto(join(root, 'journal.log'), 'self');
  const byLevel = (level: string) => lines.filter((l) => l.includes(`"level":"${level}"`));
  for (const l of lines) assert.match(l, /^<[3467]>\{"time":/, l);
  for (const [level, n] of [
    ['error', 3],
    ['warn', 4],
    ['info', 6],
    ['debug', 7],
  ] as const) {
    assert.ok(byLevel(level).length > 0, `a ${level} line was logged`);
    for (const l of byLevel(level)) assert.ok(l.startsWith(`<${n}>`), `${level} is <${n}>: ${l}`);
  }
  assert.ok(byLevel('error').some((l) => l.includes('config reload rejected')));
  assert.ok(byLevel('warn').some((l) => l.includes('reachable from the network')));
});

test('no JOURNAL_STREAM, or one naming another stream: plain JSON lines', async () => {
  for (const stream of [undefined, '1:2']) {
    const lines = await daemonInto(join(root, `plain-${stream ?? 'none'}.log`), stream);
    assert.ok(lines.length > 3);
    for (const l of lines) assert.ok(JSON.parse(l), `plain JSON: ${l}`);
    assert.ok(lines.some((l) => l.includes('"level":"error"')));
  }
});

test('isJournalStream compares DEVICE:INODE of the descriptor, not just the variable', () => {
  const file = join(root, 'fd.log');
  const fd = openSync(file, 'w');
  try {
    assert.equal(isJournalStream({ JOURNAL_STREAM: pairOf(file) }, fd), true);
    assert.equal(isJournalStream({ JOURNAL_STREAM: '0:0' }, fd), false);
    assert.equal(isJournalStream({}, fd), false);
  } finally {
    closeSync(fd);
  }
  const lines: string[] = [];
  const log = createLogger({ json: false, journal: true, write: (l) => lines.push(l) });
  log.warn('disk almost full', { mount: '/' });
  assert.deepEqual(lines, ['<4>vigil: warn: disk almost full mount=/']);
});

test('a fatal error under journald is stored as an error, every line of it', async () => {
  const file = join(root, 'fatal.log');
  const bad = join(root, 'bad.toml');
  writeFileSync(bad, '[general]\ninterval_secs = "x"\nmode = "loud"\n');
  const fd = openSync(file, 'w');
  const child = spawn(process.execPath, [CLI, '--headless', '--config', bad], {
    env: { ...process.env, JOURNAL_STREAM: pairOf(file) },
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  assert.equal(await exited(child), 2);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.ok(lines.length >= 3, lines.join('\n'));
  for (const l of lines) assert.match(l, /^<3>/, l);
  assert.match(lines[0]!, /^<3>vigil: invalid configuration/);
});
