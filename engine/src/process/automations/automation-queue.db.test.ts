import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../../test/backends.ts';
import { adminHeaders, TestClock } from '../../../test/process-instance.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { configFromEnv } from '../../app/config.ts';
import { createUser } from '../../auth/users-repo.ts';
import { buildServer } from '../../http/server.ts';
import { loadPack } from '../../pack/load-pack.ts';

/**
 * The automations as an installation runs them: the process engine started (its queue, the
 * scheduler's tick), the CRM pack's automations with their notifications, a webhook retried
 * by the queue, and the nightly pool reclaim fired by the scheduler.
 */
const pack = loadPack(fileURLToPath(new URL('../../../../metadata/packs/crm', import.meta.url)));
const crm = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => ['entity', 'role', 'approval', 'automation', 'action', 'report', 'dashboard'].includes(d.kind as string));
const SECRET = 'queue-test-secret';
/** An entity whose create automation is known before the insert: its notice is enqueued by the create's own statement. */
const parcel = {
  kind: 'entity',
  name: 'parcel',
  label: 'Parcel',
  titleField: 'name',
  owned: true,
  fields: { name: { type: 'text', required: true }, status: { type: 'text' } },
  unique: [['name']],
};
const parcelOpened = {
  kind: 'automation',
  name: 'parcel_opened',
  entity: 'parcel',
  on: { create: true },
  actions: [{ set: { status: 'open' } }, { notify: { to: [{ field: 'owner' }], message: { en: 'Parcel {{name}} is {{status}}' } } }],
};

/** A receiver that fails its first two requests. */
function flakyReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = received.length < 2 ? 500 : 204;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), status });
      res.writeHead(status).end();
    });
  });
  return { server, received };
}

for (const kind of selectedBackends()) {
  describe(`automations through the queue and the scheduler [${kind}]`, () => {
    let test: TestDatabase;
    let server: FastifyInstance;
    let headers: Record<string, string>;
    let filesDir: string;
    // In the past: pg-boss runs a job no earlier than the time it was sent at, by the real clock.
    const clock = new TestClock('2026-11-20T10:00:00.000Z');
    const receiver = flakyReceiver();

    beforeAll(async () => {
      await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks/tickets`;
      const webhook = {
        kind: 'automation',
        name: 'ticket_webhook',
        entity: 'ticket',
        on: { create: true },
        actions: [{ webhook: { url, headers: { 'x-system': 'service-desk' }, body: { ticket: { var: 'subject' }, priority: { var: 'priority' } } } }],
      };
      test = await createTestDatabase(kind);
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
      const config = { ...configFromEnv({}), filesDir, timeZone: 'Asia/Shanghai', webhookSecret: SECRET, webhookAllowPrivate: true };
      server = await buildServer({ database: test.database, config, logger: false, clock: clock.now });
      await server.loom.registry.start();
      await server.loom.registry.publish([...crm, webhook, parcel, parcelOpened].map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
      await server.loom.processes.start();
      headers = await adminHeaders(test.database);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await server?.loom.processes.stop();
      await server?.loom.registry.stop();
      await test?.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
      await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    });

    const db = () => test.database.db as Kysely<any>;
    const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
      const res = await server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    /** Waits for `done`, moving the clock on so the queue's retries fall due. */
    async function eventually(done: () => Promise<boolean>, what: string) {
      const deadline = Date.now() + 60_000;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        clock.at = new Date(clock.at.getTime() + 30_000);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const notesFor = async (user: string, source: string) =>
      (
        await sql<{ title: string; message: string }>`select title, message from loom.notifications where user_id = ${user} and source = ${source}`.execute(
          db(),
        )
      ).rows;

    it('a webhook failing twice is retried by the queue and arrives signed, with one delivery id', async () => {
      const customer = await api('POST', '/api/data/customer', { name: 'Webhook customer' });
      await api('POST', '/api/data/ticket', { subject: 'Printer jam', customer: customer.id, priority: 'high', status: 'new' });
      await eventually(async () => receiver.received.length >= 3, 'the third delivery');
      const tries = receiver.received;
      expect(tries.map((t) => t.status)).toEqual([500, 500, 204]);
      for (const t of tries) {
        expect(t.headers['loom-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(t.body).digest('hex')}`);
        expect(JSON.parse(t.body)).toEqual({ ticket: 'Printer jam', priority: 'high' });
        expect(t.headers['x-system']).toBe('service-desk');
      }
      expect(new Set(tries.map((t) => t.headers['loom-delivery'])).size).toBe(1);
      expect(tries.map((t) => t.headers['loom-attempt'])).toEqual(['1', '2', '3']);
    }, 90_000);

    it('a create whose automations are known before the insert enqueues their notice in its own statement; a refused create enqueues none', async () => {
      const owner = await createUser(db(), { email: 'parcel-owner@loom.test', name: 'Parcel owner' });
      const at = clock.at.toISOString();
      const made = await api('POST', '/api/data/parcel', { name: 'P-1', owner: owner.id });
      expect(made).toMatchObject({ status: 'open', version: 1 });
      const refused = await server.inject({ method: 'POST', url: '/api/data/parcel', headers, payload: { name: 'P-1', owner: owner.id } });
      expect(refused.statusCode, refused.body).toBe(409);
      await eventually(async () => (await notesFor(owner.id, 'automation:parcel_opened')).length > 0, 'the parcel notice');
      expect((await notesFor(owner.id, 'automation:parcel_opened')).map((n) => n.message)).toEqual(['Parcel P-1 is open']);
      const jobs = await sql<{ key: string; data: unknown }>`select key, data from loom.jobs where key like 'automation:parcel_opened:%'`.execute(db());
      expect(jobs.rows).toEqual([
        {
          key: `automation:parcel_opened:${made.id}:create:1:notify`,
          data: { at, items: [{ automation: 'parcel_opened', id: made.id, key: `automation:parcel_opened:${made.id}:create:1` }] },
        },
      ]);
    }, 90_000);

    it('dispatching a ticket marks it assigned and tells the engineer; a complaint alerts the owner', async () => {
      const engineer = await createUser(db(), { email: 'engineer@loom.test', name: 'Engineer' });
      const owner = await createUser(db(), { email: 'owner@loom.test', name: 'Owner' });
      const customer = await api('POST', '/api/data/customer', { name: '派单客户', owner: owner.id });
      const ticket = await api('POST', '/api/data/ticket', { subject: '空调不制冷', customer: customer.id, priority: 'normal', status: 'new' });
      const dispatched = await api('PATCH', `/api/data/ticket/${ticket.id}`, { engineer: engineer.id });
      expect(dispatched.status).toBe('assigned');
      // Sent by the queue once the write committed.
      await eventually(async () => (await notesFor(engineer.id, 'automation:ticket_dispatch')).length > 0, 'the dispatch notification');
      const notes = await notesFor(engineer.id, 'automation:ticket_dispatch');
      expect(notes).toHaveLength(1);
      expect(notes[0].message).toContain('空调不制冷');
      expect(notes[0].message).toContain('派单客户');

      await api('POST', '/api/data/returnVisit', {
        subject: '回访',
        customer: customer.id,
        visitedAt: '2026-11-20T09:00:00.000Z',
        complaint: true,
        complaintStatus: 'open',
      });
      await eventually(async () => (await notesFor(owner.id, 'automation:complaint_alert')).length > 0, 'the complaint alert');
      expect(await notesFor(owner.id, 'automation:complaint_alert')).toHaveLength(1);
      // Lost: probability 0.
      const opportunity = await api('POST', '/api/data/opportunity', { name: 'Lost deal', customer: customer.id, stage: 'proposal', probability: 30 });
      expect((await api('PATCH', `/api/data/opportunity/${opportunity.id}`, { stage: 'lost', lostReason: 'price' })).probability).toBe(0);
    });

    it('the nightly reclaim runs on the tick that covers 02:00 and tells each former owner through the queue', async () => {
      const owner = await createUser(db(), { email: 'neglect@loom.test', name: 'Neglectful' });
      const stale = await api('POST', '/api/data/customer', { name: '久未跟进', owner: owner.id, lastFollowUpAt: '2026-10-01T00:00:00.000Z' });
      const fresh = await api('POST', '/api/data/customer', { name: '刚跟进', owner: owner.id, lastFollowUpAt: '2026-11-15T00:00:00.000Z' });
      // 02:00 in Shanghai on 21 November is 18:00 UTC on the 20th (the clock started at 10:00 that day).
      clock.set('2026-11-20T17:59:00.000Z');
      await server.loom.processes.tick();
      expect((await api('GET', `/api/data/customer/${stale.id}`)).inPool).toBe(false);
      clock.set('2026-11-20T18:00:00.000Z');
      await server.loom.processes.tick();
      expect(await api('GET', `/api/data/customer/${stale.id}`)).toMatchObject({ inPool: true, owner: null });
      expect(await api('GET', `/api/data/customer/${fresh.id}`)).toMatchObject({ inPool: false, owner: owner.id });
      await eventually(async () => (await notesFor(owner.id, 'automation:pool_reclaim')).length > 0, 'the reclaim notification');
      const notes = await notesFor(owner.id, 'automation:pool_reclaim');
      expect(notes).toHaveLength(1);
      expect(notes[0].message).toContain('久未跟进');
    }, 90_000);
  });
}
