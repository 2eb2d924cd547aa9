// The API key in the system keyring (SPEC §4): the Secret Service (GNOME Keyring, KWallet…)
// through libsecret's `secret-tool`, under the attributes `service vigil account <provider>`.
// `vigil config set-key` stores it; the key is read from there when its environment variable is
// unset. The key travels through stdin and stdout only — never an argument (visible in
// /proc/PID/cmdline), never a file of Vigil's. A fixed argument list, no shell.
/** node:child_process, loaded when the keyring is first asked (~1.5 MB resident otherwise). */
const childProcess = () => process.getBuiltinModule('node:child_process');

export interface KeyringOptions {
  env?: NodeJS.ProcessEnv;
  /** The secret-tool binary (tests point it elsewhere). */
  command?: string;
  /** A locked or absent Secret Service must not hold Vigil up (default 3 s). */
  timeoutMs?: number;
}

/** The attributes the key is stored under, for `secret-tool lookup/store/clear`. */
export function keyringAttributes(account: string): string[] {
  return ['service', 'vigil', 'account', account];
}

export type KeyringResult = { ok: true } | { ok: false; error: string };

/** The key stored for `account`, or null (none, no Secret Service, no secret-tool). */
export function keyringLookup(account: string, opts: KeyringOptions = {}): string | null {
  const r = childProcess().spawnSync(
    opts.command ?? 'secret-tool',
    ['lookup', ...keyringAttributes(account)],
    {
      env: opts.env ?? process.env,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 3000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (r.error || r.status !== 0) return null;
  const key = r.stdout.trim();
  return key === '' ? null : key;
}

/** Store `key` for `account` (replacing any previous one); why not, when it fails. */
export function keyringStore(account: string, key: string, opts: KeyringOptions = {}): KeyringResult {
  const command = opts.command ?? 'secret-tool';
  const r = childProcess().spawnSync(
    command,
    ['store', '--label=Vigil API key', ...keyringAttributes(account)],
    {
      env: opts.env ?? process.env,
      input: key,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 10_000,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `${command} not found` : r.error.message };
  }
  if (r.status !== 0) return { ok: false, error: (r.stderr || `exit ${r.status}`).trim().split('\n')[0]! };
  return { ok: true };
}

/** Where the API key was found (SPEC §4): its environment variable wins over the keyring. */
export type KeySource = 'env' | 'keyring';

/**
 * The key and where it came from: the environment variable `envName`, else the keyring entry of
 * `account` (`vigil config set-key`); null when neither has one.
 */
export function findApiKey(
  envName: string,
  account: string,
  env: NodeJS.ProcessEnv,
  opts: KeyringOptions = {},
): { key: string; source: KeySource } | null {
  const fromEnv = env[envName]?.trim();
  if (fromEnv) return { key: fromEnv, source: 'env' };
  const fromKeyring = keyringLookup(account, { env, ...opts });
  return fromKeyring ? { key: fromKeyring, source: 'keyring' } : null;
}
