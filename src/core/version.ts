// Read with process.getBuiltinModule, not an ESM import of node:fs (which builds fs's whole
// namespace, promises, streams and readline included: ~3 ms of `vigil --version`, which loads
// this module and the Node check alone, docs/performance.md).
let cached: string | undefined;

/** The package version, read once from package.json (works from src/ and from dist/src/). */
export function vigilVersion(): string {
  if (cached) return cached;
  const { readFileSync } = process.getBuiltinModule('node:fs');
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'vigil-guardian' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next location
    }
  }
  return (cached = '0.0.0');
}
