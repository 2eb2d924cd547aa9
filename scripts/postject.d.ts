// postject ships no types: the one function scripts/package-sea.ts calls.
declare module 'postject' {
  export function inject(
    file: string,
    resourceName: string,
    data: Uint8Array,
    options?: { sentinelFuse?: string; overwrite?: boolean },
  ): Promise<void>;
}
