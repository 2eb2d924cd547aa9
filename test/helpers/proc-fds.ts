// This test process's own descriptors, as the process collector keeps them open.
import { readdirSync, readlinkSync } from 'node:fs';

/** This process's open descriptors on `/proc/PID/<file>` files (e.g. `stat`, `schedstat`). */
export function keptProcFiles(file: string): string[] {
  const pattern = new RegExp(`^/proc/\\d+/${file}$`);
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (pattern.test(target)) out.push(target);
    } catch {
      // the descriptor readdir itself used, closed by now
    }
  }
  return out;
}
