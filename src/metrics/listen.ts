// `[metrics] listen` / `--metrics HOST:PORT`: where the Prometheus endpoint binds. An empty host
// (`:9464`) means loopback; any other host must be written out, so the endpoint is never
// reachable from the network by accident (SPEC §10). Same grammar as the config validator.

/** node:net's isIP, loaded on first use: a daemon without metrics never maps node:net (~1 MB). */
function isIP(host: string): number {
  return process.getBuiltinModule('node:net').isIP(host);
}

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** Parse `:PORT`, `HOST:PORT` or `[IPv6]:PORT`; throws an Error naming what was expected. */
export function parseListen(text: string): ListenAddress {
  const value = text.trim();
  const expected = `expected HOST:PORT (e.g. 127.0.0.1:9464, [::1]:9464 or :9464), got '${text}'`;
  let host = DEFAULT_METRICS_HOST;
  let portText = value;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (v6) {
    host = v6[1]!;
    portText = v6[2]!;
    if (isIP(host) !== 6) throw new Error(expected);
  } else {
    if (!value.includes(':')) throw new Error(expected);
    const i = value.lastIndexOf(':');
    const h = value.slice(0, i);
    portText = value.slice(i + 1);
    if (h.includes(':')) throw new Error(expected);
    if (h) host = h;
    if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new Error(expected);
  }
  if (!/^\d{1,5}$/.test(portText)) throw new Error(expected);
  const port = Number(portText);
  if (port > 65535) throw new Error(`port must be 0-65535, got ${port}`);
  return { host, port };
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `host:port` for logs and URLs (IPv6 in brackets). */
export function formatAddress(a: ListenAddress): string {
  return isIP(a.host) === 6 ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
