import { createHmac } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { refusedAddress } from './address-policy.ts';
import type { WebhookJob } from './webhook-job.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/** Redirects followed, each checked like the first address. */
const MAX_REDIRECTS = 3;
/** What is read of an answer (then dropped): a receiver's reply body is not kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A delivery that must not be made (an address it may not reach, no secret): trying again would not help. */
export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefused';
  }
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the installation's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Delivers one webhook: signs the body, resolves the host itself and checks every address it
 * resolves to (unless private addresses are allowed), connects to the checked address (no
 * second lookup, so DNS cannot answer differently between the check and the connection),
 * and follows up to 3 redirects by hand, checking each hop the same way. A 2xx answer is a
 * delivery; anything else throws, and the queue tries again later with exponential backoff.
 * A refused address or a missing secret throws WebhookRefused.
 */
export async function deliverWebhook(job: WebhookJob, settings: WebhookSettings, attempt = 1): Promise<{ status: number; url: string }> {
  if (!settings.secret) throw new WebhookRefused('webhooks are not signed: set LOOM_WEBHOOK_SECRET');
  const body = JSON.stringify(job.body ?? null);
  const headers: Record<string, string> = {
    ...ownHeaders(job.headers),
    'content-type': 'application/json',
    'user-agent': 'Loom-Webhooks',
    'loom-delivery': job.deliveryId,
    'loom-event': job.source,
    'loom-attempt': String(attempt),
    'loom-signature': webhookSignature(settings.secret, body),
  };
  let url = new URL(job.url);
  let method: string = job.method;
  let payload: string | undefined = body;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookRefused(`${url.protocol} is not http or https`);
    if (url.username || url.password) throw new WebhookRefused('a webhook URL carries no credentials');
    const address = await checkedAddress(url.hostname, settings);
    const answer = await send(url, address, method, headers, payload, settings.timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return { status: answer.status, url: url.toString() };
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = new URL(answer.location, url);
      // 307 and 308 repeat the request; the others turn it into a GET without a body.
      if (answer.status !== 307 && answer.status !== 308) {
        method = 'GET';
        payload = undefined;
      }
      continue;
    }
    throw new Error(`${url.origin} answered ${answer.status}`);
  }
}

/** Headers the metadata may not set: the connection's own, and Loom's (the signature cannot be forged by a header of the same name). */
const RESERVED = /^(host|content-length|transfer-encoding|connection|keep-alive|upgrade|te|trailer|content-type|user-agent|loom-.*)$/i;

function ownHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !RESERVED.test(name)));
}

/** The one address to connect to: every address the host resolves to must be allowed. */
async function checkedAddress(hostname: string, settings: WebhookSettings): Promise<{ address: string; family: number }> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const literal = net.isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await dns.promises.lookup(host, { all: true, verbatim: true });
  if (!addresses.length) throw new Error(`${host} has no address`);
  if (!settings.allowPrivate) {
    for (const { address } of addresses) {
      const refused = (settings.refuse ?? refusedAddress)(address);
      if (refused) throw new WebhookRefused(`${host}: ${refused} (set LOOM_WEBHOOK_ALLOW_PRIVATE=true to allow it)`);
    }
  }
  return addresses[0];
}

function send(
  url: URL,
  target: { address: string; family: number },
  method: string,
  headers: Record<string, string>,
  payload: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; location?: string }> {
  const secure = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const options: https.RequestOptions = {
    host: target.address,
    family: target.family,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method,
    headers: { ...headers, host: url.host, ...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }) },
    // TLS checks the certificate against the URL's host name, not the address connected to.
    ...(secure && !net.isIP(host) ? { servername: host } : {}),
    timeout: timeoutMs,
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const request = (secure ? https : http).request(options, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const done = () => {
        clearTimeout(deadline);
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(payload);
  });
}
