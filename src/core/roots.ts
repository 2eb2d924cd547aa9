import type { Roots } from './types.ts';

/** The real kernel roots, unless VIGIL_PROC_ROOT / VIGIL_SYS_ROOT / VIGIL_DEV_ROOT point elsewhere (tests). */
export function rootsFromEnv(env: NodeJS.ProcessEnv = process.env): Roots {
  return {
    proc: env.VIGIL_PROC_ROOT || '/proc',
    sys: env.VIGIL_SYS_ROOT || '/sys',
    dev: env.VIGIL_DEV_ROOT || '/dev',
  };
}
