import net from 'node:net';

/**
 * Which addresses a webhook may connect to: public unicast only. Refused: unspecified,
 * loopback, private (RFC 1918, carrier-grade NAT), link-local, unique-local, site-local,
 * multicast, broadcast, reserved and documentation ranges, in IPv4 and IPv6; an IPv6 address
 * that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) is judged by the IPv4 address it carries.
 */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const v4 = new net.BlockList();
for (const [address, prefix] of BLOCKED_V4) v4.addSubnet(address, prefix, 'ipv4');
const v6 = new net.BlockList();
for (const [address, prefix] of BLOCKED_V6) v6.addSubnet(address, prefix, 'ipv6');

/** Why a webhook may not connect to this IP address, or undefined when it may. */
export function refusedAddress(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 4) return v4.check(address, 'ipv4') ? `${address} is not a public address` : undefined;
  if (family !== 6) return `${address} is not an IP address`;
  const embedded = embeddedIPv4(address);
  if (embedded !== undefined) return embedded === null || v4.check(embedded, 'ipv4') ? `${address} is not a public address` : undefined;
  return v6.check(address, 'ipv6') ? `${address} is not a public address` : undefined;
}

/**
 * The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), null for one
 * that carries an unreadable one, undefined for an address that carries none.
 */
function embeddedIPv4(address: string): string | null | undefined {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const fromGroups = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; not :: or ::1, judged as IPv6 above).
  if (zeros(0, 5) && groups[5] === 0xffff) return fromGroups(groups[6], groups[7]);
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7] > 1)) return fromGroups(groups[6], groups[7]);
  // 64:ff9b::a.b.c.d (NAT64) and 2002:AABB:CCDD::/48 (6to4).
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return fromGroups(groups[6], groups[7]);
  if (groups[0] === 0x2002) return fromGroups(groups[1], groups[2]);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part and a zone included), or undefined. */
function expandIPv6(address: string): number[] | undefined {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1].split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    text = text.slice(0, -dotted[1].length) + `${((parts[0] << 8) | parts[1]).toString(16)}:${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const read = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = read(head);
  const back = read(tail);
  const missing = 8 - front.length - back.length;
  if (tail === undefined ? front.length !== 8 : missing < 0) return undefined;
  const groups = [...front, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...back];
  return groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff) ? undefined : groups;
}
