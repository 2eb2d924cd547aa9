// `vigil service install|uninstall [--system]`: write or remove the systemd unit, made from the
// shipped template (contrib/systemd) with ExecStart pointing at this node and this install.
// It prints the systemctl commands and never runs them: the user decides when the daemon starts
// (and on a machine without systemd there is nothing to run them against).
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { DAEMON_NODE_FLAGS } from '../daemon-node.ts';
import { isSea } from '../runtime.ts';
import type { CliContext, Command } from '../types.ts';

export const UNIT_NAME = 'vigil.service';
/** First line of every unit Vigil writes: uninstall removes only files that carry it. */
export const MARKER = '# Written by `vigil service install`; remove with `vigil service uninstall`.';

export type UnitScope = 'user' | 'system';

export const command: Command = {
  name: 'service',
  summary: 'install or remove the systemd unit that runs the daemon (prints the systemctl commands)',
  usage: 'vigil service install|uninstall [--system]',
  flags: {
    system: {
      type: 'boolean',
      description: 'the system unit (/etc/systemd/system) instead of the user unit',
    },
  },
  async run(ctx) {
    // install | uninstall: the usage line makes it required and checks it while parsing.
    const scope: UnitScope = ctx.flags.system ? 'system' : 'user';
    return ctx.input[0] === 'uninstall' ? uninstall(ctx, scope) : install(ctx, scope);
  },
};

/** Where the unit goes: the user manager's config dir, or /etc/systemd/system (overridable for packaging). */
export function unitDir(scope: UnitScope, env: NodeJS.ProcessEnv): string {
  if (scope === 'system') return env.VIGIL_SYSTEMD_SYSTEM_DIR || '/etc/systemd/system';
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'systemd', 'user');
}

/** The `.wants` link `systemctl enable` makes (removed with the unit). */
export function wantsLink(scope: UnitScope, env: NodeJS.ProcessEnv): string {
  const target = scope === 'system' ? 'multi-user.target.wants' : 'default.target.wants';
  return join(unitDir(scope, env), target, UNIT_NAME);
}

/** The systemctl commands to run after install (or uninstall). */
export function systemctlCommands(scope: UnitScope, action: 'install' | 'uninstall'): string[] {
  const sc = scope === 'user' ? 'systemctl --user' : 'sudo systemctl';
  return action === 'install'
    ? [`${sc} daemon-reload && ${sc} enable --now vigil`]
    : [`${sc} stop vigil; ${sc} daemon-reload`];
}

/** One ExecStart word: `%` and `$` escaped for systemd, quoted when it holds anything unusual. */
export function unitWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%$+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function execStartLine(args: string[]): string {
  return `ExecStart=${args.map(unitWord).join(' ')}`;
}

/** The template with its ExecStart replaced and the marker on top (pure). */
export function renderUnit(template: string, args: string[]): string {
  if (!/^ExecStart=.*$/m.test(template)) throw new Error('unit template has no ExecStart line');
  return `${MARKER}\n${template.replace(/^ExecStart=.*$/m, execStartLine(args))}`;
}

/** The shipped template: contrib/systemd beside src/ (source tree) or beside dist/ (installed). */
export function templatePath(scope: UnitScope): string {
  const file = scope === 'system' ? 'vigil-system.service' : 'vigil.service';
  for (const rel of ['../../../contrib/systemd/', '../../../../contrib/systemd/']) {
    const p = fileURLToPath(new URL(rel + file, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new VigilError(`cannot find the unit template contrib/systemd/${file} beside this installation`);
}

/**
 * node + the installed entry point (dist/src/cli/main.js, or src/cli/main.ts from a checkout);
 * the single-file executable alone.
 */
export function entryPoint(): string[] {
  if (isSea()) return [realpathSync(process.execPath)];
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const main = realpathSync(fileURLToPath(new URL(`../main${ext}`, import.meta.url)));
  return [realpathSync(process.execPath), main];
}

function daemonArgs(ctx: CliContext): string[] {
  // node starts with the daemon's flags itself, so the daemon has no reason to re-execute (the
  // single-file executable has them built in).
  const [node, main] = entryPoint() as [string, string | undefined];
  const args = main ? [node, ...DAEMON_NODE_FLAGS, main, '--headless'] : [node, '--headless'];
  // Paths given to `service install` (flags, or VIGIL_CONFIG / VIGIL_DATA_DIR in its environment)
  // are kept, made absolute: the unit has neither this environment nor a working directory.
  const config = explicitConfig(ctx);
  if (config) args.push('--config', resolve(config));
  if (typeof ctx.flags.dataDir === 'string' || ctx.env.VIGIL_DATA_DIR)
    args.push('--data-dir', resolve(ctx.dataDir));
  return args;
}

/** The config file named for this install (`--config`, else VIGIL_CONFIG), if any. */
function explicitConfig(ctx: CliContext): string | undefined {
  return (ctx.flags.config as string | undefined) || ctx.env.VIGIL_CONFIG || undefined;
}

/** The file the system unit reads (its XDG_CONFIG_HOME is /etc), unless a config is named. */
export const SYSTEM_CONFIG = '/etc/vigil/config.toml';

function write(ctx: CliContext, line: string): void {
  ctx.stdout.write(line + '\n');
}

function install(ctx: CliContext, scope: UnitScope): number {
  const lang = ctx.config.general.language;
  const args = daemonArgs(ctx);
  const text = renderUnit(readFileSync(templatePath(scope), 'utf8'), args);
  const dir = unitDir(scope, ctx.env);
  const file = join(dir, UNIT_NAME);
  const existed = existsSync(file);
  if (existed && !readFileSync(file, 'utf8').startsWith(MARKER)) {
    throw new VigilError(t(lang, 'service.foreign', { path: file }));
  }
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text, { mode: 0o644 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new VigilError(t(lang, 'service.cannotWrite', { path: file, error: code }));
  }
  write(ctx, t(lang, existed ? 'service.updated' : 'service.wrote', { path: file }));
  write(ctx, `  ${execStartLine(args)}`);
  if (scope === 'system' && args.some((a) => isAbsolute(a) && /^\/(root|home)\//.test(a))) {
    write(ctx, t(lang, 'service.homeWarning'));
  }
  if (scope === 'system' && !explicitConfig(ctx) && !existsSync(SYSTEM_CONFIG)) {
    write(ctx, t(lang, 'service.noSystemConfig', { path: SYSTEM_CONFIG }));
  }
  write(ctx, t(lang, 'service.nowRun'));
  for (const c of systemctlCommands(scope, 'install')) write(ctx, `  ${c}`);
  if (!existsSync('/run/systemd/system')) write(ctx, t(lang, 'service.noSystemd'));
  return 0;
}

function uninstall(ctx: CliContext, scope: UnitScope): number {
  const lang = ctx.config.general.language;
  const file = join(unitDir(scope, ctx.env), UNIT_NAME);
  if (!existsSync(file)) {
    write(ctx, t(lang, 'service.nothing', { path: file }));
    return 0;
  }
  if (!readFileSync(file, 'utf8').startsWith(MARKER))
    throw new VigilError(t(lang, 'service.foreign', { path: file }));
  const link = wantsLink(scope, ctx.env);
  try {
    rmSync(file);
    // `systemctl enable` left a link; without the unit it would dangle.
    if (lstatSafe(link)) rmSync(link);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new VigilError(t(lang, 'service.cannotWrite', { path: file, error: code }));
  }
  write(ctx, t(lang, 'service.removed', { path: file }));
  write(ctx, t(lang, 'service.nowRun'));
  for (const c of systemctlCommands(scope, 'uninstall')) write(ctx, `  ${c}`);
  return 0;
}

function lstatSafe(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
