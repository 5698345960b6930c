import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedAddress } from './address-policy.ts';
import { deliverWebhook, WebhookRefused } from './deliver-webhook.ts';
import type { WebhookJob } from './webhook-job.ts';
import type { WebhookSettings } from './webhook-settings.ts';

const SECRET = 'test-webhook-secret';

interface Received {
  readonly path: string;
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on 127.0.0.1 that answers per path: `/flaky` fails twice then succeeds, `/hop` redirects to `/ok`. */
function receiver() {
  const received: Received[] = [];
  let flaky = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (path === '/flaky' && ++flaky <= 2) return void res.writeHead(503).end('try later');
      if (path === '/hop') return void res.writeHead(307, { location: '/ok' }).end();
      if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      res.writeHead(200).end('ok');
    });
  });
  return { server, received };
}

function verified(r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
  const got = Buffer.from(String(r.headers['loom-signature'] ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('webhook delivery', () => {
  const { server, received } = receiver();
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const job = (path: string): WebhookJob => ({
    url: `${base}${path}`,
    method: 'POST',
    headers: { 'x-partner': 'crm', 'Loom-Signature': 'sha256=forged', Host: 'elsewhere.example' },
    body: { event: 'automation:test', id: '0190f0c2-0000-7000-8000-000000000001', record: { name: '客户' } },
    deliveryId: '3c1f6a7e-2b1d-8c4e-9f00-0123456789ab',
    source: 'automation:test',
  });
  const local: WebhookSettings = { secret: SECRET, allowPrivate: true, timeoutMs: 5000 };
  const strict: WebhookSettings = { secret: SECRET, allowPrivate: false, timeoutMs: 5000 };

  it('fails while the receiver fails and succeeds on the third try, signed, with one delivery id', async () => {
    await expect(deliverWebhook(job('/flaky'), local, 1)).rejects.toThrow(/answered 503/);
    await expect(deliverWebhook(job('/flaky'), local, 2)).rejects.toThrow(/answered 503/);
    await expect(deliverWebhook(job('/flaky'), local, 3)).resolves.toMatchObject({ status: 200 });
    const tries = received.filter((r) => r.path === '/flaky');
    expect(tries).toHaveLength(3);
    for (const t of tries) {
      expect(verified(t)).toBe(true);
      expect(t.headers['loom-delivery']).toBe('3c1f6a7e-2b1d-8c4e-9f00-0123456789ab');
      expect(t.headers['content-type']).toBe('application/json');
      expect(t.headers['x-partner']).toBe('crm');
      // Headers of Loom's own and of the connection cannot be set by the metadata.
      expect(t.headers.host).toBe(base.slice('http://'.length));
      expect(JSON.parse(t.body)).toEqual(job('/flaky').body);
    }
    expect(tries.map((t) => t.headers['loom-attempt'])).toEqual(['1', '2', '3']);
    // A body changed in transit no longer verifies.
    expect(verified({ ...tries[2], body: tries[2].body.replace('客户', '别人') })).toBe(false);
  });

  it('refuses 127.0.0.1 and names that resolve to loopback, sending nothing', async () => {
    const before = received.length;
    await expect(deliverWebhook(job('/ok'), strict)).rejects.toThrow(WebhookRefused);
    await expect(deliverWebhook({ ...job('/ok'), url: base.replace('127.0.0.1', 'localhost') + '/ok' }, strict)).rejects.toThrow(/not a public address/);
    await expect(deliverWebhook({ ...job('/ok'), url: 'http://[::ffff:127.0.0.1]:9/ok' }, strict)).rejects.toThrow(WebhookRefused);
    expect(received.length).toBe(before);
  });

  it('checks every redirect: a hop to a private address is refused, and followed when private addresses are allowed', async () => {
    // The first address passes (as a public receiver would); the redirect lands on 127.0.0.1.
    let checks = 0;
    const firstAllowed: WebhookSettings = { ...strict, refuse: (address) => (checks++ === 0 ? undefined : refusedAddress(address)) };
    await expect(deliverWebhook(job('/hop'), firstAllowed)).rejects.toThrow(/127\.0\.0\.1 is not a public address/);
    expect(checks).toBe(2);
    expect(received.filter((r) => r.path === '/ok' && r.headers['loom-delivery'])).toHaveLength(0);
    await expect(deliverWebhook(job('/hop'), local)).resolves.toMatchObject({ status: 200, url: `${base}/ok` });
    const followed = received.filter((r) => r.path === '/ok');
    expect(followed).toHaveLength(1);
    // 307 repeats the request, body and signature included.
    expect(followed[0].method).toBe('POST');
    expect(verified(followed[0])).toBe(true);
  });

  it('stops after three redirects', async () => {
    await expect(deliverWebhook(job('/loop'), local)).rejects.toThrow(/more than 3 redirects/);
    expect(received.filter((r) => r.path === '/loop')).toHaveLength(4);
  });

  it('refuses to send unsigned', async () => {
    await expect(deliverWebhook(job('/ok'), { ...local, secret: undefined })).rejects.toThrow(/LOOM_WEBHOOK_SECRET/);
  });

  it('times out a receiver that does not answer', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      await expect(deliverWebhook({ ...job('/'), url }, { ...local, timeoutMs: 300 })).rejects.toThrow(/no answer within 300 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('webhook address policy', () => {
  const refused = [
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '64:ff9b::192.168.0.1',
    '2002:c0a8:0101::1',
    '2001:db8::1',
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
  ];

  for (const address of refused) it(`refuses ${address}`, () => expect(refusedAddress(address)).toMatch(/not a public address/));
  for (const address of allowed) it(`allows ${address}`, () => expect(refusedAddress(address)).toBeUndefined());
  it('refuses what is not an address', () => expect(refusedAddress('example.com')).toMatch(/not an IP address/));
});
