import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { processTestDocuments } from './process-test-documents.ts';

describeAppOnEachBackend('notifications: notify, notifyUsers and the inbox API', processTestDocuments, (ctx) => {
  let seller: TestUser;
  let boss: TestUser;
  let finance: TestUser;
  let former: TestUser;
  let dealId: string;
  const as = (user: TestUser, method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...user.headers, ...headers } });

  async function notifyAbout(id: string, key: string, rollback = false) {
    const { services } = ctx.app.loom.processes;
    const entity = services.model().entities.get('deal')!;
    const record = (await ctx.app.inject({ url: `/api/data/deal/${id}` })).json();
    const write = services.db.transaction().execute(async (trx) => {
      await services.notify(trx, ctx.app.loom.records.writeContextFor(SYSTEM_ACTOR, { actorId: boss.id }), {
        to: [{ field: 'owner' }, { field: 'company.manager' }, { role: 'finance' }, { var: '$old.owner' }, { field: 'owner' }],
        title: { en: 'Deal {{name}}', 'zh-CN': '商机 {{name}}' },
        message: {
          en: '{{name}} of {{company.name}} ({{company}}) ends {{endDate}} at {{dueAt}}: {{amount}}, {{stage}}, owner {{owner}}, done {{done}}{{nothing}}.',
          'zh-CN': '{{company.name}} 的 {{name}} 于 {{endDate}}（{{dueAt}}）到期：{{amount}}，{{stage}}，负责人 {{owner}}。',
        },
        entity,
        record,
        old: { owner: former.id },
        source: 'automation:test',
        key,
      });
      if (rollback) throw new Error('roll back');
    });
    if (rollback) await expect(write).rejects.toThrow('roll back');
    else await write;
  }

  it('delivers one inbox row per recipient, rendered in each recipient’s locale, once per key', async () => {
    seller = await createTestUser(ctx.app, { name: 'Sam Seller', roles: ['sales'] });
    boss = await createTestUser(ctx.app, { name: 'Bo Boss' });
    finance = await createTestUser(ctx.app, { name: 'Fin', roles: ['finance'] });
    former = await createTestUser(ctx.app, { name: 'Former Owner' });
    // The boss reads Chinese: the web app sends its language with every request.
    expect((await as(boss, 'GET', '/api/notifications', { 'accept-language': 'zh-CN,zh;q=0.9' })).statusCode).toBe(200);
    const company = (await ctx.app.inject({ method: 'POST', url: '/api/data/company', payload: { name: 'Acme', manager: boss.id } })).json();
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/data/deal',
      payload: {
        name: 'Big deal',
        company: company.id,
        endDate: '2027-03-05',
        dueAt: '2027-03-05T01:30:00Z',
        amount: { amount: '104000.5', currency: 'CNY' },
        stage: 'won',
        owner: seller.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    dealId = created.json().id;

    await notifyAbout(dealId, 'occasion-1', true);
    expect((await sql`select count(*)::int as n from loom.notifications`.execute(ctx.test.database.db)).rows[0]).toEqual({ n: 0 });
    await notifyAbout(dealId, 'occasion-1');
    await notifyAbout(dealId, 'occasion-1');

    const sellerInbox = (await as(seller, 'GET', '/api/notifications')).json();
    expect(sellerInbox.unread).toBe(1);
    expect(sellerInbox.data).toHaveLength(1);
    const note = sellerInbox.data[0];
    expect(note).toMatchObject({ title: 'Deal Big deal', source: 'automation:test', entity: 'deal', recordId: dealId, readAt: null });
    // The test server runs in the server's time zone; the instant is shown there.
    const dueAt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.app.loom.processes.services.timeZone }).format(
      new Date('2027-03-05T01:30:00Z'),
    );
    expect(note.message).toBe(`Big deal of Acme (Acme) ends Mar 5, 2027 at ${dueAt}: CN¥104,000.50, Won, owner Sam Seller, done No.`);
    const bossNote = (await as(boss, 'GET', '/api/notifications')).json().data[0];
    expect(bossNote.title).toBe('商机 Big deal');
    expect(bossNote.message).toMatch(/^Acme 的 Big deal 于 2027年3月5日（.+）到期：¥104,000.50，赢单，负责人 Sam Seller。$/);
    expect((await as(finance, 'GET', '/api/notifications')).json().unread).toBe(1);
    expect((await as(former, 'GET', '/api/notifications')).json().unread).toBe(1);
    expect((await sql`select count(*)::int as n from loom.notifications`.execute(ctx.test.database.db)).rows[0]).toEqual({ n: 4 });
  });

  it('notifyUsers sends engine texts to listed users, skipping deactivated ones', async () => {
    const { services } = ctx.app.loom.processes;
    await ctx.app.inject({ method: 'PATCH', url: `/api/users/${former.id}`, payload: { active: false } });
    await services.db.transaction().execute((trx) =>
      services.notifyUsers(trx, {
        users: [boss.id, former.id, seller.id],
        title: { en: 'Waiting', 'zh-CN': '待审批' },
        // Quotes, a backslash and braces travel as they are (the rows go to the database as arrays).
        message: 'x "q" \\ {y}, z',
        link: { entity: 'deal', id: dealId },
        source: 'approval:t',
        key: 'a1',
      }),
    );
    expect((await as(boss, 'GET', '/api/notifications')).json().data[0]).toMatchObject({
      title: '待审批',
      message: 'x "q" \\ {y}, z',
      source: 'approval:t',
      recordId: dealId,
    });
    expect((await sql`select count(*)::int as n from loom.notifications where key = 'a1'`.execute(ctx.test.database.db)).rows[0]).toEqual({ n: 2 });
  });

  it('reads, unreads, pages and marks all read; nobody reaches another user’s notifications', async () => {
    for (let i = 0; i < 5; i++) await notifyAbout(dealId, `page-${i}`);
    const all = (await as(seller, 'GET', '/api/notifications?limit=100')).json();
    expect(all.data).toHaveLength(7);
    expect(all.unread).toBe(7);
    const first = (await as(seller, 'GET', '/api/notifications?limit=3')).json().data;
    const second = (await as(seller, 'GET', `/api/notifications?limit=3&before=${first[2].id}`)).json().data;
    expect([...first, ...second].map((n: { id: string }) => n.id)).toEqual(all.data.slice(0, 6).map((n: { id: string }) => n.id));

    const target = all.data[3];
    const read = await as(seller, 'POST', `/api/notifications/${target.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await as(seller, 'GET', '/api/notifications?unread=true&limit=100')).json()).toMatchObject({ unread: 6 });
    expect((await as(seller, 'GET', '/api/notifications?unread=true&limit=100')).json().data.map((n: { id: string }) => n.id)).not.toContain(target.id);
    expect((await as(seller, 'POST', `/api/notifications/${target.id}/unread`)).json().readAt).toBeNull();

    // Another user: every route answers as if the id did not exist, and nothing changes.
    for (const action of ['read', 'unread']) {
      const res = await as(boss, 'POST', `/api/notifications/${target.id}/${action}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('LOOM_ERR_HTTP_NOT_FOUND');
    }
    expect((await as(boss, 'GET', `/api/notifications?before=${target.id}`)).json().data).toEqual([]);
    expect((await as(boss, 'GET', '/api/notifications?limit=100')).json().data.map((n: { id: string }) => n.id)).not.toContain(target.id);
    const bossUnread = (await as(boss, 'GET', '/api/notifications')).json().unread;
    expect((await as(boss, 'POST', '/api/notifications/read-all')).json()).toEqual({ updated: bossUnread, unread: 0 });
    expect((await as(seller, 'GET', '/api/notifications')).json().unread).toBe(7);
    expect((await as(seller, 'POST', '/api/notifications/not-a-uuid/read')).statusCode).toBe(404);
    expect((await as(seller, 'GET', '/api/notifications?limit=0')).statusCode).toBe(400);
    expect((await ctx.app.raw.inject({ url: '/api/notifications' })).statusCode).toBe(401);

    expect((await as(seller, 'POST', '/api/notifications/read-all')).json()).toEqual({ updated: 7, unread: 0 });
    expect((await as(seller, 'GET', '/api/notifications')).json().unread).toBe(0);
  });

  it("names a user's manager, users by email, and who made the write; the email channel without a mail server leaves the inbox row", async () => {
    const { services } = ctx.app.loom.processes;
    const junior = await createTestUser(ctx.app, { name: 'Junior', manager: finance.id });
    const writer = await createTestUser(ctx.app, { name: 'Writer' });
    const company = (await ctx.app.inject({ method: 'POST', url: '/api/data/company', payload: { name: 'Beta' } })).json();
    const deal = (await ctx.app.inject({ method: 'POST', url: '/api/data/deal', payload: { name: 'Small', company: company.id, owner: junior.id } })).json();
    await services.db.transaction().execute((trx) =>
      services.notify(trx, ctx.app.loom.records.writeContextFor(SYSTEM_ACTOR, { actorId: null, onBehalfOf: writer.id }), {
        to: [{ field: 'owner.manager' }, { user: seller.email.toUpperCase() }, { var: '$user' }, { field: 'company.manager' }],
        message: '{{name}}',
        channels: ['inbox', 'email'],
        entity: services.model().entities.get('deal')!,
        record: deal,
        source: 'automation:people',
        key: 'people-1',
      }),
    );
    const { rows } = await sql<{
      user_id: string;
      title: string;
    }>`select user_id, title from loom.notifications where key = 'people-1' order by user_id`.execute(ctx.test.database.db);
    // No title given: the entity's label in the recipient's language. Beta has no manager.
    expect(rows).toEqual([finance.id, seller.id, writer.id].sort().map((id) => ({ user_id: id, title: 'Deal' })));
    expect((await sql`select count(*)::int as n from loom.jobs where name = 'loom-email'`.execute(ctx.test.database.db)).rows[0]).toEqual({ n: 0 });
  });
});
