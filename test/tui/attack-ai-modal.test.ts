// Attack 2 of issue 15 (and attack 5 in the TUI), in real tmux against a local server speaking the
// Messages API: the model's answer names an unrelated pid as its target while its command text
// names the explained process. The modal shows Vigil's verdict for the real target (refused: not
// the process explained), the kill cannot be applied, and nothing dies. An answer targeting the
// explained process but whose command says `kill -9 <other>` is confirmed on what Vigil would do
// (SIGTERM to the explained pid, by name) and only that process gets it. With
// VIGIL_AUTO_DRY_RUN=1 the same confirmed kill is a dry run.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type MessagesServer, startMessagesServer, toolAnswer } from '../ai/messages-server.ts';
import { endMarked, spawnMarked } from '../helpers/marked.ts';
import { type Session, startVigil } from './helpers.ts';

const MARK = `vga${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'vigil-tui-attack-'));
const children: ChildProcess[] = [];
const sessions: Session[] = [];
let server: MessagesServer;
/** The action the model proposes when asked about a process carrying MARK. */
let proposal: { target: string; command: string } = { target: '0', command: '' };

function sleeper(tag: string): ChildProcess {
  const c = spawnMarked(`${MARK}-${tag}`);
  children.push(c);
  return c;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

before(async () => {
  server = await startMessagesServer([
    {
      kind: 'fn',
      // Alerts the AI service asks about meanwhile get an answer without actions.
      answer: (raw) =>
        toolAnswer({
          diagnostic: `DIAG-${MARK}`,
          severity: 'medium',
          actions: raw.includes(MARK)
            ? [{ type: 'kill_process', ...proposal, risk: 'safe', explanation: 'idle' }]
            : [],
          prevention: 'none',
        }),
    },
  ]);
});

after(async () => {
  for (const s of sessions) {
    s.kill();
    rmSync(join(tmpdir(), `${s.name}.stderr`), { force: true }); // where startVigil sends its stderr
  }
  endMarked(children);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(name: string, env: Record<string, string> = {}): Session {
  const config = join(dir, `${name}.toml`);
  writeFileSync(
    config,
    [
      '[ai]',
      'enabled = true',
      'cooldown_secs = 0',
      'max_calls_per_day = 1000',
      '[notifications]',
      'desktop = false',
      `log_file = "${join(dir, `${name}.log`)}"`,
      '',
    ].join('\n'),
  );
  const s = startVigil(
    `vigil-tui-attack-${name}-${process.pid}`,
    ['watch', '--interval', '0.5', '--no-mouse', '--data-dir', join(dir, `${name}-data`), '--config', config],
    {
      env: {
        TERM: 'screen',
        NO_COLOR: '1',
        LANG: 'C.UTF-8',
        ANTHROPIC_BASE_URL: server.url,
        ANTHROPIC_API_KEY: 'sk-ant-test-dummy',
        ...env,
      },
    },
  );
  sessions.push(s);
  return s;
}

/** Select the process tagged `tag` and open its explanation; the pane once the answer is in. */
async function explain(s: Session, tag: string, pid: number): Promise<string> {
  s.keys('/');
  s.type(`${MARK}-${tag}`);
  s.keys('Enter');
  await s.waitFor(new RegExp(`│\\s*${pid} root`));
  s.keys('e');
  return s.waitFor(new RegExp(`DIAG-${MARK}`), 30_000);
}

test('the model names an unrelated pid: refused for what it is, cannot be applied, nothing dies', async () => {
  const explained = sleeper('explained');
  const unrelated = sleeper('unrelated');
  const s = start('lie');
  await s.waitFor(/AI ready/);
  proposal = { target: String(unrelated.pid), command: `kill -TERM ${explained.pid}` };
  const pane = await explain(s, 'explained', explained.pid!);
  // Try to apply it and say yes to whatever is asked: nothing may die.
  s.keys('a');
  await new Promise((r) => setTimeout(r, 500));
  const asked = s.capture();
  s.keys('y');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(alive(unrelated), 'the unrelated process was killed');
  assert.ok(alive(explained), 'the explained process was killed');
  // The real target, named from /proc, with the policy's verdict; the model's text is not the offer.
  assert.match(pane, new RegExp(`\\[REFUSED\\] +> kill PID ${unrelated.pid} \\(sh\\) with SIGTERM`));
  assert.match(pane, new RegExp(`refused: pid ${unrelated.pid} is neither the process explained`));
  assert.doesNotMatch(pane, new RegExp(`kill -TERM ${explained.pid}`));
  assert.match(asked, /only a kill that Vigil’s policy allows can be applied here/);

  // Now the model targets the explained process, but its command text says `kill -9 <other>`:
  // the question says what Vigil will do, and only that happens.
  s.keys('Escape');
  s.keys('Escape');
  await s.waitFor(/AI ready/);
  proposal = { target: String(explained.pid), command: `kill -9 ${unrelated.pid}` };
  s.keys('Escape');
  const again = await explain(s, 'explained', explained.pid!);
  assert.match(again, new RegExp(`\\[ALLOWED\\] +> kill PID ${explained.pid} \\(sh\\) with SIGTERM`));
  s.keys('a');
  await s.waitFor(new RegExp(`Send SIGTERM to PID ${explained.pid} \\(sh\\)\\? y/n`));
  const died = new Promise<NodeJS.Signals | null>((r) => explained.once('exit', (_c, sig) => r(sig)));
  s.keys('y');
  assert.equal(await died, 'SIGTERM');
  await s.waitFor(/exited: /);
  assert.ok(alive(unrelated), 'the process named only in the model’s command text died');
  // The TUI's own log and its data dir are private.
  const data = join(dir, 'lie-data');
  assert.equal((statSync(data).mode & 0o777).toString(8), '700');
  assert.equal((statSync(join(data, 'tui.log')).mode & 0o777).toString(8), '600');
  // The decision is recorded as the AI's, confirmed by the user.
  const log = readFileSync(join(dir, 'lie.log'), 'utf8');
  const decision = log
    .split('\n')
    .filter((l) => l.includes('"event":"action"'))
    .map((l) => JSON.parse(l) as { action: { target: number; origin: string; outcome: string } })
    .find((l) => l.action.target === explained.pid);
  assert.deepEqual([decision?.action.origin, decision?.action.outcome], ['ai', 'exited']);
});

test('VIGIL_AUTO_DRY_RUN=1: a confirmed AI kill is decided and logged, never sent', async () => {
  const explained = sleeper('dry');
  const s = start('dry', { VIGIL_AUTO_DRY_RUN: '1' });
  await s.waitFor(/AI ready/);
  proposal = { target: String(explained.pid), command: `kill ${explained.pid}` };
  await explain(s, 'dry', explained.pid!);
  s.keys('a');
  const asked = await s.waitFor(/\? y\/n/);
  s.keys('y');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(alive(explained), 'a dry run signalled the process');
  assert.match(asked, new RegExp(`Send SIGTERM to PID ${explained.pid} \\(sh\\)\\? y/n`));
  await s.waitFor(/dry_run: /);
  const file = join(dir, 'dry.log');
  assert.ok(existsSync(file));
  assert.match(readFileSync(file, 'utf8'), new RegExp(`"target":${explained.pid},"outcome":"dry_run"`));
});
