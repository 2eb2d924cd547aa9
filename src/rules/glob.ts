// Shell-style globs (`*`, `?`, `[abc]`) for allowlist.ignore_commands.

/** Compile one glob into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

/**
 * A matcher for a process: a glob matches when it matches the name (comm), the whole command
 * line, or the basename of the executable (first word of the command line).
 */
export function processMatcher(globs: readonly string[]): (name: string, cmdline: string) => boolean {
  const res = globs.filter((g) => g.length > 0).map(globToRegExp);
  if (res.length === 0) return () => false;
  return (name, cmdline) => {
    const exe = (cmdline.split(' ')[0] ?? '').split('/').pop() ?? '';
    return res.some(
      (r) => r.test(name) || (cmdline !== '' && r.test(cmdline)) || (exe !== '' && r.test(exe)),
    );
  };
}
