import net from 'node:net';
import type { Server } from 'node:http';

type Log = { warn(obj: object, msg?: string): void };

/**
 * Caps the connections one client address holds open, so one client (slow or hostile) cannot
 * use up the server's sockets while others wait. It counts by the socket's address: a
 * connection has no headers yet, so X-Forwarded-For cannot be read, let alone believed.
 * Addresses `trustProxy` trusts are not counted, since a proxy carries many clients' connections;
 * limiting them per client is then the proxy's job.
 */
export function limitConnectionsPerAddress(server: Server, options: { max: number; trustProxy: boolean | string; log?: Log }) {
  if (options.max <= 0 || options.trustProxy === true) return;
  const trusted = trustedProxies(options.trustProxy);
  const open = new Map<string, number>();
  const warned = new Set<string>();
  server.on('connection', (socket: net.Socket) => {
    const address = plainAddress(socket.remoteAddress);
    if (!address || trusted?.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4')) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > options.max) {
      // Logged once per burst, not once per refused socket: a flood must not flood the log too.
      if (!warned.has(address)) options.log?.warn({ address, max: options.max }, 'too many open connections from one address; refusing more');
      warned.add(address);
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
      if (left < options.max) warned.delete(address);
    });
  });
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) counts as `10.0.0.1`. */
function plainAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

// The names fastify's trustProxy (proxy-addr) accepts besides addresses and CIDR ranges.
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** LOOM_TRUST_PROXY's comma-separated addresses, ranges and names as a BlockList; undefined when none. */
export function trustedProxies(trustProxy: boolean | string): net.BlockList | undefined {
  if (typeof trustProxy !== 'string') return undefined;
  const list = new net.BlockList();
  for (const item of trustProxy.split(',').map((s) => s.trim()).filter(Boolean)) {
    for (const entry of NAMED_RANGES[item] ?? [item]) {
      const [address, bits] = entry.split('/');
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (!net.isIP(address)) continue;
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
  }
  return list;
}
