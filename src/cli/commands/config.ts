// `vigil config [edit|path|show|check|init|set-key]` (SPEC §3; set-key in config-key.ts). `edit` works on a temporary copy beside
// the file and renames it into place only when it validates, so a broken file never replaces a
// good one; without a terminal an invalid edit fails with the problems and changes nothing.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { execa } from 'execa';
import {
  ConfigError,
  checkConfigText,
  configTarget,
  formatConfigError,
  loadConfig,
} from '../../config/load.ts';
import { renderInit, renderShow } from '../../config/render.ts';
import type { Language } from '../../config/types.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { createExclusive, currentUid, PRIVATE_DIR_MODE, writePrivate } from '../../core/files.ts';
import { fileTrust, findingText } from '../../health/file-trust.ts';
import { t } from '../../i18n/index.ts';
import type { CliContext, Command } from '../types.ts';

const ACTIONS = ['edit', 'path', 'show', 'check', 'init', 'set-key'] as const;

export const command: Command = {
  name: 'config',
  summary: 'edit, locate, show, check or create the config file; store the API key in the keyring',
  usage: 'vigil config [edit|path|show|check|init|set-key] [--force]',
  flags: {
    force: { type: 'boolean', description: 'init: overwrite an existing file' },
  },
  tolerateBadConfig: true,
  async run(ctx) {
    const lang = ctx.config.general.language;
    const action = ctx.input[0] ?? 'edit';
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(t(lang, 'config.usage.unknownAction', { action, actions: ACTIONS.join(', ') }));
    }
    if (ctx.input.length > 1)
      throw new UsageError(`unexpected argument '${ctx.input[1]}' for 'vigil config'`);
    const target = configTarget({ path: ctx.flags.config as string | undefined, env: ctx.env }).path;
    switch (action) {
      case 'path':
        ctx.stdout.write(target + '\n');
        return 0;
      case 'check':
        return check(ctx, lang);
      case 'show':
        return show(ctx, lang, target);
      case 'init':
        return init(ctx, lang, target);
      case 'set-key': {
        const { setKey } = await import('./config-key.ts');
        return setKey(ctx);
      }
      default:
        return edit(ctx, lang, target);
    }
  },
};

/** Load again to see the problems the CLI tolerated; print them and return 2, or the result. */
function reload(ctx: CliContext, lang: Language): ReturnType<typeof loadConfig> | number {
  try {
    return loadConfig({ path: ctx.flags.config as string | undefined, env: ctx.env, lang });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    ctx.stderr.write(`vigil: ${formatConfigError(err, lang)}\n`);
    return 2;
  }
}

function check(ctx: CliContext, lang: Language): number {
  const loaded = reload(ctx, lang);
  if (typeof loaded === 'number') return loaded;
  const target = configTarget({ path: ctx.flags.config as string | undefined, env: ctx.env }).path;
  // Who else could change the file, the data dir or the JSON log (refused as root, SPEC §4).
  const root = currentUid() === 0;
  const findings = fileTrust({
    configPath: loaded.path,
    dataDir: ctx.dataDir,
    config: loaded.config,
    env: ctx.env,
  });
  for (const f of findings) ctx.stderr.write(`vigil: ${findingText(f, lang, root)}\n`);
  if (root && findings.length) return 2;
  ctx.stdout.write(
    (loaded.path
      ? t(lang, 'config.check.ok', { file: loaded.path })
      : t(lang, 'config.check.defaults', { file: target })) + '\n',
  );
  return 0;
}

function show(ctx: CliContext, lang: Language, target: string): number {
  const loaded = reload(ctx, lang);
  if (typeof loaded === 'number') return loaded;
  // ctx.config is the same file with the command-line flags (--interval, --mode, --lang) applied.
  ctx.stdout.write(renderShow(ctx.config, { file: loaded.path, target, env: ctx.env, lang }));
  return 0;
}

function init(ctx: CliContext, lang: Language, target: string): number {
  if (existsSync(target) && !ctx.flags.force)
    throw new VigilError(t(lang, 'config.init.exists', { file: target }));
  mkdirSync(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  writePrivate(target, renderInit(ctx.env, lang));
  ctx.stdout.write(t(lang, 'config.init.written', { file: target }) + '\n');
  return 0;
}

/** `$VISUAL`, else `$EDITOR`, else vi; split on spaces (`code --wait`), never run by a shell. */
function editorCommand(env: NodeJS.ProcessEnv): string[] {
  const raw = (env.VISUAL || env.EDITOR || 'vi').trim();
  return raw.split(/\s+/).filter(Boolean);
}

async function askReopen(ctx: CliContext, lang: Language): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: ctx.stdout });
  try {
    const answer = (await rl.question(t(lang, 'config.edit.reopen'))).trim().toLowerCase();
    return answer === '' || ['y', 'yes', 'o', 'oui'].includes(answer);
  } finally {
    rl.close();
  }
}

async function edit(ctx: CliContext, lang: Language, shown: string): Promise<number> {
  // Edit through a symlink (dotfile managers): the copy and the rename happen beside the real file.
  const target = existsSync(shown) ? realpathSync(shown) : shown;
  const exists = existsSync(target);
  const original = exists ? readFileSync(target, 'utf8') : null;
  const mode = exists ? statSync(target).mode & 0o777 : 0o600;
  mkdirSync(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.edit.toml`);
  createExclusive(tmp, original ?? renderInit(ctx.env, lang));
  // Without a terminal, only an editor the user named can work (vi would wait on a pipe).
  if (!ctx.isTTY && !ctx.env.VISUAL && !ctx.env.EDITOR) {
    rmSync(tmp, { force: true });
    throw new VigilError(t(lang, 'config.edit.noEditor', { editor: 'vi' }));
  }
  const [cmd, ...args] = editorCommand(ctx.env);
  try {
    for (;;) {
      const r = await execa(cmd!, [...args, tmp], { stdio: 'inherit', reject: false });
      if (r.failed) {
        if (r.exitCode === undefined) throw new VigilError(t(lang, 'config.edit.noEditor', { editor: cmd! }));
        throw new VigilError(
          t(lang, 'config.edit.editorFailed', { editor: cmd!, code: r.exitCode, file: shown }),
        );
      }
      const text = readFileSync(tmp, 'utf8');
      if (original !== null && text === original) {
        ctx.stdout.write(t(lang, 'config.edit.unchanged', { file: shown }) + '\n');
        return 0;
      }
      try {
        checkConfigText(text, shown, { env: ctx.env, lang });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        ctx.stderr.write(`vigil: ${formatConfigError(err, lang)}\n`);
        ctx.stderr.write(`vigil: ${t(lang, 'config.edit.rejected', { file: shown })}\n`);
        if (ctx.isTTY && (await askReopen(ctx, lang))) continue;
        if (ctx.isTTY) ctx.stderr.write(`vigil: ${t(lang, 'config.edit.discarded', { file: shown })}\n`);
        return 2;
      }
      chmodSync(tmp, mode);
      renameSync(tmp, target);
      ctx.stdout.write(t(lang, 'config.edit.saved', { file: shown }) + '\n');
      return 0;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}
