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
    const key = clientKey(address);
    const count = (open.get(key) ?? 0) + 1;
    if (count > options.max) {
      // Logged once per burst, not once per refused socket: a flood must not flood the log too.
      if (!warned.has(key)) options.log?.warn({ address: key, max: options.max }, 'too many open connections from one address; refusing more');
      warned.add(key);
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
      if (left < options.max) warned.delete(key);
    });
  });
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) counts as `10.0.0.1`. */
function plainAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * What one client is: an IPv4 address, or an IPv6 /64. One IPv6 host is usually handed a
 * whole /64 and may pick any address in it, so counting exact IPv6 addresses would give it
 * 2^64 fresh allowances.
 */
export function clientKey(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head, tail] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) counts as two groups; only the first four matter.
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
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
  for (const item of trustProxy
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
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
