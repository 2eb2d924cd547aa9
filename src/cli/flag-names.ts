// A flag's two spellings: `--data-dir` on the command line, `dataDir` in the flags record.

/** `data-dir` → `dataDir`. */
export const camelCase = (kebab: string): string =>
  kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `dataDir` → `data-dir`. */
export const kebabCase = (camel: string): string => camel.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
