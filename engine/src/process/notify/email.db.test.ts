import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../../test/backends.ts';
import { adminHeaders, startProcessInstance, TestClock, type ProcessTestInstance } from '../../../test/process-instance.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { processTestDocuments } from './process-test-documents.ts';

interface Received {
  to: string[];
  headers: Map<string, string>;
  body: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives; `refuse` turns recipients away once (a 451, which senders retry). */
async function startSmtp(refuse: Set<string>) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.delete(address.address)) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Headers (unfolded, encoded words decoded) and the text body (quoted-printable or base64 decoded). */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  return { headers, body: body.replace(/\r\n$/, '') };
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_w, kind: string, text: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

const emailReminder = {
  kind: 'reminder',
  name: 'deal_mail',
  entity: 'deal',
  at: { field: 'endDate', time: '08:00' },
  to: [{ field: 'owner' }, { field: 'company.manager' }],
  title: { en: 'Deal {{name}} ends today', 'zh-CN': '商机 {{name}} 今天到期' },
  message: { en: '{{name}} ({{amount}}) ends on {{endDate}}.', 'zh-CN': '{{name}}（{{amount}}）于 {{endDate}} 到期。' },
  channels: ['inbox', 'email'],
};

for (const kind of selectedBackends()) {
  describe(`notification email through a real SMTP server [${kind}]`, () => {
    let test: TestDatabase;
    let app: ProcessTestInstance;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    const refuse = new Set(['boss@loom.test']);
    const clock = new TestClock('2027-05-01T00:00:00Z');

    beforeAll(async () => {
      smtp = await startSmtp(refuse);
      test = await createTestDatabase(kind);
      app = await startProcessInstance(test.database, { clock, smtpUrl: smtp.url, documents: [...processTestDocuments, emailReminder] });
    });
    afterAll(async () => {
      await app?.close();
      await test?.dispose();
      await smtp?.close();
    });

    async function waitFor(check: () => boolean | Promise<boolean>, what: string, advance = false) {
      for (let i = 0; i < 300; i++) {
        if (await check()) return;
        // The in-process runner schedules retries on the test clock; let it move on.
        if (advance) clock.set(new Date(clock.at.getTime() + 60_000).toISOString());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it('emails each recipient in their locale, retries a refused delivery, and sends each key once', async () => {
      const headers = await adminHeaders(test.database);
      const post = async (url: string, payload: object) => (await app.server.inject({ method: 'POST', url, headers, payload })).json();
      const seller = await post('/api/users', { email: 'seller@loom.test', name: 'Seller', roles: [] });
      const boss = await post('/api/users', { email: 'boss@loom.test', name: 'Boss', roles: [] });
      await sql`update loom.users set locale = 'zh-CN' where id = ${boss.id}`.execute(test.database.db);
      const company = await post('/api/data/company', { name: 'Acme', manager: boss.id });
      await post('/api/data/deal', { name: 'Big', company: company.id, endDate: '2027-05-02', owner: seller.id, amount: { amount: '99.5', currency: 'CNY' } });

      // 08:00 in Shanghai on 2027-05-02 is 00:00Z.
      clock.set('2027-05-02T00:00:00Z');
      await app.server.loom.processes.tick();
      await waitFor(() => smtp.received.length >= 2, 'two emails', true);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(smtp.received).toHaveLength(2);
      expect(refuse.size, 'the boss was refused once, then the retry went through').toBe(0);
      const byTo = Object.fromEntries(smtp.received.map((m) => [m.to[0], m]));
      expect(byTo['seller@loom.test'].headers.get('subject')).toBe('Deal Big ends today');
      expect(byTo['seller@loom.test'].body).toBe('Big (CN¥99.50) ends on May 2, 2027.');
      expect(byTo['seller@loom.test'].headers.get('from')).toBe('Loom <loom@loom.test>');
      expect(byTo['boss@loom.test'].headers.get('subject')).toBe('商机 Big 今天到期');
      expect(byTo['boss@loom.test'].body).toBe('Big（¥99.50）于 2027年5月2日 到期。');
      expect(byTo['boss@loom.test'].headers.get('message-id')).toMatch(/^<[0-9a-f]{40}@loom\.test>$/);

      // A retried job (the queue delivers at least once) finds its key sent and sends nothing.
      const { rows } = await sql<{ key: string }>`select key from loom.emails_sent order by key`.execute(test.database.db);
      expect(rows).toHaveLength(2);
      const sender = app.server.loom.processes.notifications.email!;
      const again = await sender.send({ key: rows[0].key, to: 'seller@loom.test', subject: 'again', text: 'again', locale: 'en' });
      expect(again).toBe('already sent');
      // Sending the same job again is dropped by its key.
      const { services } = app.server.loom.processes;
      await services.jobs.send(
        services.db,
        'loom-email',
        { key: rows[0].key, to: 'seller@loom.test', subject: 'again', text: 'again', locale: 'en' },
        { key: rows[0].key },
      );
      await app.server.loom.processes.tick();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(smtp.received).toHaveLength(2);
    });
  });
}
