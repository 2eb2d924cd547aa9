// Start of the single-file executable (`npm run package`, docs/operations.md): runs before the
// bundled Vigil. Vigil reads a few files beside its modules at run time (package.json, the unit
// templates) and loads two packages from disk: better-sqlite3, whose native addon the kernel can
// only map from a file (process.dlopen), and blessed, which loads its widgets and terminfo files
// by path. They travel inside the executable as SEA assets and are written once to a private
// cache directory (checked against the build hash as they are written; a marker written last
// says the tree is complete); `require` then resolves from there.
const __vigilSea = (() => {
  const fs = require('node:fs');
  const path = require('node:path');
  const os = require('node:os');
  const crypto = require('node:crypto');
  const sea = require('node:sea');
  const { pathToFileURL } = require('node:url');
  const hash = __VIGIL_SEA_HASH__;
  const files = __VIGIL_SEA_FILES__;
  const uid = process.getuid();

  /** A directory only this user can write, or null (then a fresh temporary one is used). */
  const privateDir = (dir) => {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = fs.lstatSync(dir);
      return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0 ? dir : null;
    } catch {
      return null;
    }
  };
  /** Whether `root` is a complete tree of this build: private, and its marker (written last) says so. */
  const intact = (root) => {
    try {
      const st = fs.lstatSync(root);
      if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) return false;
      return fs.readFileSync(path.join(root, '.complete'), 'utf8') === hash;
    } catch {
      return false;
    }
  };
  /** Write every asset into `root` (a fresh private directory), checking them against the hash. */
  const extract = (root) => {
    const sum = crypto.createHash('sha256');
    for (const rel of files) {
      const target = path.join(root, rel);
      const data = new Uint8Array(sea.getRawAsset(rel));
      sum.update(rel).update(data);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.writeFileSync(target, data, { mode: 0o600, flag: 'wx' });
    }
    if (sum.digest('hex') !== hash)
      throw new Error('vigil: the executable is damaged (its files do not match)');
    fs.writeFileSync(path.join(root, '.complete'), hash, { mode: 0o600, flag: 'wx' });
  };

  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || os.homedir(), '.cache');
  const cache = privateDir(path.join(base, 'vigil'));
  let root = cache && path.join(cache, `sea-${hash.slice(0, 16)}`);
  if (root && !intact(root)) {
    const tmp = fs.mkdtempSync(path.join(cache, '.sea-'));
    extract(tmp);
    fs.rmSync(root, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, root);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another vigil won the race
    }
    if (!intact(root)) root = null;
  }
  if (!root) {
    // No private cache (read-only or foreign home): a fresh directory, removed on exit.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sea-'));
    extract(root);
    const dir = root;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const rootUrl = pathToFileURL(root + path.sep).href;
  return { root, url: (rel) => new URL(rel, rootUrl).href };
})();
// Packages left out of the bundle (blessed, better-sqlite3) resolve from the written tree.
// biome-ignore lint/suspicious/noGlobalAssign: the CommonJS wrapper's own require, rebound for the whole bundle
require = require('node:module').createRequire(require('node:path').join(__vigilSea.root, 'package.json'));
