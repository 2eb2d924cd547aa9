// Network: per-interface counters from /proc/net/dev every tick; TCP/UDP connection counts by
// state from /proc/net/{tcp,tcp6,udp,udp6} at a slower cadence (those tables grow with the
// number of connections, /proc/net/dev does not).
import { sanitize } from '../core/sanitize.ts';
import type { CollectContext, Collector, NetInterfaceRaw, NetworkRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';
import { countConnections, SOCKET_PROTOCOLS, type SocketProtocol } from './sockets.ts';

/** Parse /proc/net/dev: two header lines, then `name: 8 receive fields 8 transmit fields`. */
export function parseNetDev(text: string): NetInterfaceRaw[] {
  const out: NetInterfaceRaw[] = [];
  for (const line of text.split('\n')) {
    const colon = line.lastIndexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (!name || f.length < 16 || f.some((x) => !Number.isFinite(x))) continue;
    out.push({
      interface: sanitize(name, 64),
      rxBytes: f[0]!,
      rxPackets: f[1]!,
      rxErrors: f[2]!,
      txBytes: f[8]!,
      txPackets: f[9]!,
      txErrors: f[10]!,
    });
  }
  return out;
}

export interface NetworkCollectorOptions {
  /** Count connections every N ticks (default 5). */
  connectionsEveryTicks?: number;
}

export function networkCollector(opts: NetworkCollectorOptions = {}): Collector<'network'> {
  const reader = new ProcFileReader(64 * 1024);
  const every = Math.max(1, opts.connectionsEveryTicks ?? 5);
  let connections: Record<string, number> = {};
  return {
    name: 'network',
    collect(ctx: CollectContext): NetworkRaw {
      const dev = reader.read(`${ctx.roots.proc}/net/dev`);
      if (dev === null) {
        ctx.log.once('netdev-missing', 'warn', 'cannot read network interfaces', {
          path: `${ctx.roots.proc}/net/dev`,
        });
      }
      if (ctx.tick % every === 0) {
        const tables: { protocol: SocketProtocol; text: string }[] = [];
        for (const protocol of SOCKET_PROTOCOLS) {
          const text = reader.read(`${ctx.roots.proc}/net/${protocol}`);
          if (text !== null) tables.push({ protocol, text });
        }
        connections = countConnections(tables);
      }
      return { interfaces: dev === null ? [] : parseNetDev(dev), connections };
    },
  };
}
