import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, type LoomConfig } from '../app/config.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { buildServer } from './server.ts';
import { clientKey, trustedProxies } from './connection-limits.ts';

/**
 * Slow and greedy clients, over real sockets: a body sent a byte at a time is cut off by the
 * request timeout, and one address cannot hold more connections than its share while
 * another address still gets in. The database plays no part: one backend is enough.
 */
describe('slow clients and connections per address', () => {
  let test: TestDatabase | undefined;
  let server: FastifyInstance | undefined;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    test = await createTestDatabase(selectedBackends()[0]);
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await test?.dispose();
  });

  async function listen(overrides: Partial<LoomConfig>): Promise<number> {
    server = await buildServer({ database: test!.database, config: { ...configFromEnv({}), ...overrides }, logger: false });
    await server.listen({ port: 0, host: '127.0.0.1' });
    return (server.server.address() as net.AddressInfo).port;
  }

  function connect(port: number, localAddress = '127.0.0.1'): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
      socket.once('error', reject);
      sockets.push(socket);
    });
  }

  /** Resolves with the milliseconds until the server closed the socket, or undefined if it is still open after `withinMs`. */
  function closedWithin(socket: net.Socket, withinMs: number): Promise<number | undefined> {
    const started = Date.now();
    return new Promise((resolve) => {
      if (socket.destroyed) return resolve(0);
      const timer = setTimeout(() => resolve(undefined), withinMs);
      socket.on('error', () => {});
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
  }

  /** One request on a kept-alive connection, answered: the server has surely counted this connection. */
  function health(socket: net.Socket): Promise<string> {
    return new Promise((resolve, reject) => {
      socket.once('data', (chunk) => resolve(chunk.toString('latin1')));
      socket.once('close', () => reject(new Error('closed before answering')));
      socket.write('GET /api/health HTTP/1.1\r\nHost: loom\r\n\r\n');
    });
  }

  it('closes a connection whose body trickles in past the request timeout', async () => {
    const port = await listen({ timeouts: { headersMs: 500, requestMs: 1000, keepAliveMs: 5000 } });
    const slow = await connect(port);
    let answer = '';
    slow.on('data', (chunk) => (answer += chunk.toString('latin1')));
    slow.write('POST /api/auth/login HTTP/1.1\r\nHost: loom\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
    const trickle = setInterval(() => slow.writable && slow.write('x'), 100);
    try {
      const closedAfter = await closedWithin(slow, 5000);
      expect(closedAfter, 'the slow connection is still open').toBeDefined();
      expect(closedAfter!).toBeGreaterThanOrEqual(900);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408, code: 'LOOM_ERR_HTTP_BAD_REQUEST' });
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes a connection whose headers never end', async () => {
    const port = await listen({ timeouts: { headersMs: 500, requestMs: 1000, keepAliveMs: 5000 } });
    const slow = await connect(port);
    slow.write('GET /api/health HTTP/1.1\r\nHost: loom\r\n');
    const trickle = setInterval(() => slow.writable && slow.write('X-Slow: 1\r\n'), 100);
    try {
      expect(await closedWithin(slow, 5000), 'the connection is still open').toBeDefined();
    } finally {
      clearInterval(trickle);
    }
  });

  it('refuses connections from one address beyond the cap, while another address still connects', async () => {
    const port = await listen({ connectionsPerAddress: 3 });
    const held = [];
    for (let i = 0; i < 3; i++) {
      const socket = await connect(port);
      expect(await health(socket)).toMatch(/^HTTP\/1\.1 200/);
      held.push(socket);
    }
    const extra = await connect(port);
    expect(await closedWithin(extra, 2000), 'the fourth connection from one address is still open').toBeDefined();
    const other = await connect(port, '127.0.0.2');
    expect(await health(other)).toMatch(/^HTTP\/1\.1 200/);
    // A closed connection frees its place.
    held[0].destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await connect(port);
    expect(await health(again)).toMatch(/^HTTP\/1\.1 200/);
  });

  it('does not count the connections of a trusted proxy', async () => {
    const port = await listen({ connectionsPerAddress: 2, trustProxy: '127.0.0.1' });
    for (let i = 0; i < 4; i++) expect(await health(await connect(port))).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('trustedProxies', () => {
  it('reads addresses, CIDR ranges and the names fastify accepts', () => {
    const list = trustedProxies('10.1.2.3, 192.168.0.0/16, loopback')!;
    expect(list.check('10.1.2.3', 'ipv4')).toBe(true);
    expect(list.check('10.1.2.4', 'ipv4')).toBe(false);
    expect(list.check('192.168.7.7', 'ipv4')).toBe(true);
    expect(list.check('127.0.0.2', 'ipv4')).toBe(true);
    expect(list.check('::1', 'ipv6')).toBe(true);
    expect(trustedProxies(false)).toBeUndefined();
  });
});

describe('clientKey', () => {
  it('counts an IPv4 address as itself and every address of an IPv6 /64 as one client', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});
