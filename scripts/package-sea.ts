// `npm run package`: Vigil as one executable file for linux-x64 machines without Node (a Node
// single-executable application: docs/operations.md, "Without Node"; size and start-up time in
// docs/performance.md). Steps:
//   1. esbuild bundles src/cli/main.ts and everything it imports into one CommonJS script, except
//      better-sqlite3 (a native addon) and blessed (widgets and terminfo loaded by path); each
//      module's `import.meta.url` becomes its path in the tree the executable writes at start;
//   2. that tree (package.json, the unit templates, blessed, better-sqlite3 with the linux-x64
//      addon) becomes the executable's assets; scripts/sea-bootstrap.cjs writes it to
//      ~/.cache/vigil/sea-HASH on first start and checks it on every start;
//   3. `node --experimental-sea-config` makes the blob, postject injects it into a copy of the
//      Node 24 binary that runs this script.
// Usage: node scripts/package-sea.ts [--out DIR]   (default dist/sea; the file is DIR/vigil)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { inject } from 'postject';
import { DAEMON_NODE_FLAGS } from '../src/cli/daemon-node.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--out');
const out = at >= 0 ? process.argv[at + 1]! : join(REPO, 'dist/sea');
/** Packages read from disk at run time, not bundled. */
const EXTERNAL = ['blessed', 'better-sqlite3'];

/** Every file under `dir` (relative to the repo), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(join(REPO, f)).isFile());
}

/** The tree the executable writes at start, repo-relative paths. */
function assetFiles(): string[] {
  const sqlite = 'node_modules/better-sqlite3';
  const blessed = filesUnder('node_modules/blessed').filter(
    (f) => !/\/(example|test|browser)\/|\.md$/.test(f),
  );
  return [
    'package.json',
    'contrib/systemd/vigil.service',
    'contrib/systemd/vigil-system.service',
    `${sqlite}/package.json`,
    ...filesUnder(`${sqlite}/lib`),
    `${sqlite}/prebuilds/linux-x64.node`,
    ...blessed,
  ].sort();
}

/** `import.meta.url` of each bundled module → its path in the written tree. */
const importMetaPlugin: Plugin = {
  name: 'vigil-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const rel = JSON.stringify(relative(REPO, args.path));
      const contents = text
        .replace(/import\.meta\.url/g, `__vigilSea.url(${rel})`)
        .replace(/import\.meta\b/g, `({ url: __vigilSea.url(${rel}) })`);
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

async function main(): Promise<void> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error('the executable is built for linux-x64');
  mkdirSync(out, { recursive: true });
  const files = assetFiles();
  const sum = createHash('sha256');
  for (const rel of files) sum.update(rel).update(readFileSync(join(REPO, rel)));
  const hash = sum.digest('hex');
  const banner = readFileSync(join(REPO, 'scripts/sea-bootstrap.cjs'), 'utf8')
    .replaceAll('__VIGIL_SEA_HASH__', JSON.stringify(hash))
    .replaceAll('__VIGIL_SEA_FILES__', JSON.stringify(files));

  const bundle = join(out, 'vigil.cjs');
  await build({
    entryPoints: [join(REPO, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    external: EXTERNAL,
    plugins: [importMetaPlugin],
    banner: { js: banner },
    logLevel: 'warning',
  });

  const config = join(out, 'sea-config.json');
  const blob = join(out, 'vigil.blob');
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      // Compiled at build time, by a node started with the same flags (V8 rejects a code cache
      // made under other flags, with a warning).
      useCodeCache: true,
      // The daemon's memory settings (src/cli/daemon-node.ts): an executable cannot be re-run
      // with node flags, so every command starts with them.
      execArgv: [...DAEMON_NODE_FLAGS],
      assets: Object.fromEntries(files.map((f) => [f, join(REPO, f)])),
    }),
  );
  const made = spawnSync(process.execPath, [...DAEMON_NODE_FLAGS, '--experimental-sea-config', config], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`blob: ${made.stderr}`);

  const exe = join(out, 'vigil');
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  });
  const mb = (statSync(exe).size / 1e6).toFixed(1);
  process.stdout.write(
    `wrote ${exe} (${mb} MB, Node ${process.versions.node}, ${files.length} files inside)\n`,
  );
}

await main();
