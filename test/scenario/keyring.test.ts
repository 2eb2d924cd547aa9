// The API key in the system keyring (SPEC §4): a real Secret Service (gnome-keyring under a
// private dbus-run-session), `vigil config set-key` from stdin, `vigil health` saying where the
// key is, `vigil explain` sending it to a local Messages API server, the environment variable
// winning over the keyring, and the key in no file of Vigil's.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GOOD_ANSWER, type MessagesServer, startMessagesServer, toolAnswer } from '../ai/messages-server.ts';
import { CLI } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-keyring-'));
const KEY = `sk-ant-keyring-${randomBytes(12).toString('hex')}`;
let server: MessagesServer;
const children: ChildProcess[] = [];

before(async () => {
  server = await startMessagesServer([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
  writeFileSync(join(dir, 'ai.toml'), '[ai]\nenabled = true\ncooldown_secs = 0\nmax_calls_per_day = 100\n');
});

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Run `script` (sh) in a private session bus with an unlocked gnome-keyring; `$VIGIL` is the CLI.
 * Async: the Messages API server answers from this process meanwhile.
 */
function inSession(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n${script}`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          LANG: 'C',
          NO_COLOR: '1',
          VIGIL_DATA_DIR: join(dir, 'data'),
          XDG_CONFIG_HOME: join(dir, 'xdg'),
          VIGIL: `"${process.execPath}" "${CLI}"`,
          ANTHROPIC_BASE_URL: server.url,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(c);
    let out = '';
    let err = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

test('config set-key stores the key; health says where; explain uses it; the variable wins', async () => {
  const target = spawn('sleep', ['600'], { stdio: 'ignore' });
  children.push(target);
  const config = join(dir, 'ai.toml');
  const r = await inSession(
    `printf %s "${KEY}" | eval "$VIGIL config set-key"; echo "set-key:$?"
     echo "lookup:$(secret-tool lookup service vigil account anthropic)"
     printf '' | eval "$VIGIL config set-key"; echo "empty:$?"
     eval "$VIGIL health --json --config ${config}" > "${join(dir, 'health.json')}"
     eval "$VIGIL explain ${target.pid} --json --config ${config}" > /dev/null; echo "explain:$?"
     export ANTHROPIC_API_KEY=sk-ant-from-env; eval "$VIGIL explain ${target.pid} --json --config ${config}" > /dev/null`,
  );
  assert.match(r.out, /set-key:0/, r.err);
  assert.match(r.out, new RegExp(`lookup:${KEY}`));
  assert.match(r.out, /empty:2/, 'an empty key is a usage error');
  assert.match(r.err, /no key given/);
  const health = JSON.parse(readFileSync(join(dir, 'health.json'), 'utf8')) as {
    checks: { id: string; status: string; message: string }[];
  };
  const aiKey = health.checks.find((c) => c.id === 'ai_key');
  assert.deepEqual(
    [aiKey?.status, aiKey?.message],
    ['ok', 'key found in the system keyring (service vigil, account anthropic)'],
  );
  assert.doesNotMatch(JSON.stringify(health), new RegExp(KEY), 'health never shows the key');
  assert.match(r.out, /explain:0/, r.err);
  // The keyring's key went to the API; with the variable set, the variable's.
  const keys = server.requests.map(
    (q) => q.headers['x-api-key'] ?? String(q.headers.authorization ?? '').replace(/^Bearer /, ''),
  );
  assert.deepEqual(keys, [KEY, 'sk-ant-from-env']);
  // Never written to a file of Vigil's (data dir, config dir).
  const files = (d: string): string[] => {
    try {
      return readdirSync(d, { recursive: true, encoding: 'utf8' })
        .map((f) => join(d, f))
        .filter((f) => statSync(f).isFile());
    } catch {
      return [];
    }
  };
  for (const f of [...files(join(dir, 'data')), ...files(join(dir, 'xdg'))])
    assert.doesNotMatch(readFileSync(f).toString('latin1'), new RegExp(KEY), f);
});

test('without a Secret Service, set-key fails with what is needed (exit 1), nothing stored', async () => {
  const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
    const c = spawn('sh', ['-c', `printf %s "${KEY}" | "${process.execPath}" "${CLI}" config set-key`], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        LANG: 'C',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    c.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    c.on('close', (code) => resolve({ code, err }));
  });
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot store the key in the keyring: .*secret-tool/);
  assert.doesNotMatch(r.err, new RegExp(KEY));
});
