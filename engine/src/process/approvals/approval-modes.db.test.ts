import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestUser, describeAppOnEachBackend, type TestServer, type TestUser } from '../../../test/test-app.ts';

/**
 * Approvals on a small model: `all` and `ratio` steps, approvers from a user field, a timeout
 * that decides by itself, a document that allows self-approval, and a manager chain walked past
 * a deactivated manager.
 */

const HOUR = 3_600_000;
let now = new Date('2026-05-04T08:00:00Z');

const documents = [
  {
    kind: 'entity',
    name: 'memo',
    label: 'Memo',
    titleField: 'title',
    owned: true,
    fields: {
      title: { type: 'text', required: true },
      reviewer: { type: 'user' },
      state: { type: 'select', default: 'open', options: [{ value: 'open' }, { value: 'done' }, { value: 'refused' }] },
    },
  },
  { kind: 'role', name: 'writer', entities: { memo: { read: 'all', create: true, update: 'own' } } },
  { kind: 'role', name: 'board', entities: { memo: { read: 'all' } } },
  {
    kind: 'approval',
    name: 'memo_review',
    entity: 'memo',
    lock: false,
    steps: [
      { name: 'reviewer', approvers: { field: 'reviewer' }, timeout: { after: '1d', then: 'approve' } },
      { name: 'board', approvers: { role: 'board' }, mode: 'all' },
      { name: 'quorum', approvers: { role: 'board' }, mode: { ratio: 0.5 }, timeout: { after: '2h', then: 'reject' } },
    ],
    onApproved: [{ set: { state: 'done' } }],
    onRejected: [{ set: { state: 'refused' } }],
  },
  {
    kind: 'approval',
    name: 'memo_self',
    entity: 'memo',
    allowSelfApproval: true,
    lock: false,
    steps: [{ name: 'owner', approvers: { field: 'owner' } }],
  },
  {
    kind: 'approval',
    name: 'memo_manager',
    entity: 'memo',
    lock: false,
    steps: [{ name: 'manager', approvers: { managerOf: 'owner' } }],
  },
];

describeAppOnEachBackend(
  'approvals: modes, field approvers, timeouts that decide, self-approval, the manager chain',
  documents,
  (ctx) => {
    let people: Record<'writer' | 'reviewer' | 'b1' | 'b2' | 'b3' | 'top' | 'gone', TestUser> | undefined;
    const app = (): TestServer => ctx.app;
    const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload: unknown, user: TestUser): Promise<LightMyRequestResponse> =>
      app().inject({ method, url, payload: payload as Record<string, unknown>, headers: user.headers });
    const json = async (res: Promise<LightMyRequestResponse>, status: number) => {
      const answer = await res;
      expect(answer.statusCode, answer.body).toBe(status);
      return answer.json();
    };
    const setup = async () => {
      if (people) return people;
      const top = await createTestUser(app(), { name: 'Top', roles: ['writer'] });
      const gone = await createTestUser(app(), { name: 'Gone', roles: ['writer'], manager: top.id });
      people = {
        top,
        gone,
        writer: await createTestUser(app(), { name: 'Writer', roles: ['writer'], manager: gone.id }),
        reviewer: await createTestUser(app(), { name: 'Reviewer', roles: ['writer'] }),
        b1: await createTestUser(app(), { name: 'Board One', roles: ['board'] }),
        b2: await createTestUser(app(), { name: 'Board Two', roles: ['board'] }),
        b3: await createTestUser(app(), { name: 'Board Three', roles: ['board'] }),
      };
      // The writer's manager leaves: their manager's manager approves instead.
      expect((await app().inject({ method: 'PATCH', url: `/api/users/${gone.id}`, payload: { active: false } })).statusCode).toBe(200);
      return people;
    };
    const memo = async (p: NonNullable<typeof people>) =>
      (await json(send('POST', '/api/data/memo', { title: `Memo ${Math.random()}`, reviewer: p.reviewer.id }, p.writer), 201)).id as string;
    const submit = (flow: string, record: string, user: TestUser) => json(send('POST', `/api/approvals/${flow}/submit`, { record }, user), 201);
    const decide = (id: string, decision: 'approve' | 'reject', user: TestUser) => send('POST', `/api/approvals/instances/${id}/${decision}`, {}, user);
    const state = async (id: string) => (await json(app().inject({ url: `/api/data/memo/${id}` }), 200)).state;

    it('a user field names the approver; a timeout that approves moves on; `all` needs everyone; a `ratio` step rejects once its share is out of reach', async () => {
      const p = await setup();
      await app().loom.processes.tick();
      const record = await memo(p);
      const started = await submit('memo_review', record, p.writer);
      expect(started.approvers.map((a: { user: { id: string } }) => a.user.id)).toEqual([p.reviewer.id]);

      now = new Date(now.getTime() + 25 * HOUR);
      await app().loom.processes.tick();
      const atBoard = await json(app().inject({ url: `/api/approvals/instances?record=${record}` }), 200);
      expect(atBoard.data[0].step.name).toBe('board');
      expect(atBoard.data[0].history.find((h: { action: string }) => h.action === 'approve')).toMatchObject({ actor: null, step: { name: 'reviewer' } });

      const id = started.id;
      expect((await json(decide(id, 'approve', p.b1), 200)).step.name).toBe('board');
      expect((await json(decide(id, 'approve', p.b2), 200)).step.name).toBe('board');
      const atQuorum = await json(decide(id, 'approve', p.b3), 200);
      expect(atQuorum.step.name).toBe('quorum');
      // Ratio 0.5 of three: two approvals are needed; two rejections put them out of reach.
      expect((await json(decide(id, 'reject', p.b1), 200)).status).toBe('pending');
      const rejected = await json(decide(id, 'reject', p.b2), 200);
      expect(rejected.status).toBe('rejected');
      expect(await state(record)).toBe('refused');
    });

    it('a ratio step approves once its share has approved; a timeout that rejects ends it', async () => {
      const p = await setup();
      const record = await memo(p);
      const { id } = await submit('memo_review', record, p.writer);
      await json(decide(id, 'approve', p.reviewer), 200);
      for (const b of [p.b1, p.b2, p.b3]) await json(decide(id, 'approve', b), 200);
      await json(decide(id, 'approve', p.b1), 200);
      const approved = await json(decide(id, 'approve', p.b3), 200);
      expect(approved.status).toBe('approved');
      expect(await state(record)).toBe('done');

      const second = await memo(p);
      const again = await submit('memo_review', second, p.writer);
      await json(decide(again.id, 'approve', p.reviewer), 200);
      for (const b of [p.b1, p.b2, p.b3]) await json(decide(again.id, 'approve', b), 200);
      now = new Date(now.getTime() + 3 * HOUR);
      await app().loom.processes.tick();
      const timedOut = (await json(app().inject({ url: `/api/approvals/instances?record=${second}` }), 200)).data[0];
      expect(timedOut.status).toBe('rejected');
      expect(await state(second)).toBe('refused');
    });

    it('with allowSelfApproval the submitter approves their own; otherwise the chain goes past a deactivated manager', async () => {
      const p = await setup();
      const record = await memo(p);
      const own = await submit('memo_self', record, p.writer);
      expect(own.approvers.map((a: { user: { id: string } }) => a.user.id)).toEqual([p.writer.id]);
      expect((await json(decide(own.id, 'approve', p.writer), 200)).status).toBe('approved');

      const chain = await submit('memo_manager', record, p.writer);
      expect(chain.approvers.map((a: { user: { id: string } }) => a.user.id)).toEqual([p.top.id]);
      expect((await decide(chain.id, 'approve', p.gone)).statusCode).toBe(401);
      expect((await json(decide(chain.id, 'approve', p.top), 200)).status).toBe('approved');
    });

    it('a step removed by a publish while pending: deciding it is a 409, the timeout sweep goes on, the submitter recalls', async () => {
      const p = await setup();
      const record = await memo(p);
      const pending = await submit('memo_manager', record, p.writer);
      const changed = { ...documents[5], steps: [{ name: 'director', approvers: { managerOf: 'owner' } }] };
      await app().loom.registry.publish([{ put: changed, pointer: '/documents/0' }]);
      const refused = await decide(pending.id, 'approve', p.top);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('LOOM_ERR_APPROVAL_NOT_PENDING');
      now = new Date(now.getTime() + 30 * HOUR);
      await app().loom.processes.tick();
      expect((await json(send('POST', `/api/approvals/instances/${pending.id}/recall`, {}, p.writer), 200)).status).toBe('recalled');
      expect((await submit('memo_manager', record, p.writer)).step.name).toBe('director');
    });
  },
  { clock: () => now },
);
