import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../test/backends.ts';
import { createTestUser, startTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

const documents = [
  {
    kind: 'entity',
    name: 'deal',
    label: { en: 'Deal', 'zh-CN': '商机' },
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
      stage: { type: 'text', label: { en: 'Stage', 'zh-CN': '阶段' } },
      reason: { type: 'text', label: { en: 'Lost reason', 'zh-CN': '输单原因' } },
      secret: { type: 'text', label: { en: 'Secret', 'zh-CN': '机密' } },
    },
    unique: [['name']],
    rules: [
      {
        name: 'lostNeedsReason',
        assert: { or: [{ '!=': [{ var: 'stage' }, 'lost'] }, { '!!': [{ var: 'reason' }] }] },
        message: { en: 'Give the reason a lost deal was lost', 'zh-CN': '输单的商机请填写输单原因' },
      },
    ],
  },
  {
    kind: 'role',
    name: 'viewer',
    label: 'Viewer',
    entities: { deal: { read: 'all', create: true, update: 'own', delete: 'own', fields: { secret: 'hidden', stage: 'read' } } },
  },
];

const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };

for (const kind of selectedBackends()) {
  describe(`problems in the caller's locale [${kind}]`, () => {
    let current: TestApp;
    let viewer: TestUser;
    let dealId: string;

    beforeAll(async () => {
      current = await startTestApp(kind, documents);
      viewer = await createTestUser(current.app, { roles: ['viewer'] });
      const created = await current.app.inject({ method: 'POST', url: '/api/data/deal', payload: { name: '宇恒机械', stage: 'open' } });
      expect(created.statusCode, created.body).toBe(201);
      dealId = created.json().id;
    });
    afterAll(() => current?.close());

    const send = (headers: Record<string, string>, options: { method: 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }) =>
      current.app.inject({ ...options, headers: { ...headers, 'if-match': '1' } });

    it('a broken rule says its metadata message in Chinese, and in English without the header', async () => {
      const body = { name: '东方物流', stage: 'lost' };
      const chinese = await send(zh, { method: 'POST', url: '/api/data/deal', payload: body });
      expect(chinese.statusCode, chinese.body).toBe(422);
      expect(chinese.headers['content-language']).toBe('zh-CN');
      expect(String(chinese.headers.vary)).toContain('Accept-Language');
      expect(chinese.json()).toMatchObject({
        code: 'LOOM_ERR_DATA_VALIDATION',
        title: '记录无效',
        errors: [{ path: '/', message: '输单的商机请填写输单原因' }],
      });
      const english = await send({}, { method: 'POST', url: '/api/data/deal', payload: body });
      expect(english.json()).toMatchObject({
        code: 'LOOM_ERR_DATA_VALIDATION',
        title: 'The record is not valid',
        errors: [{ path: '/', message: 'Give the reason a lost deal was lost' }],
      });
    });

    it('a unique value already taken names the field by its label', async () => {
      const res = await send(zh, { method: 'POST', url: '/api/data/deal', payload: { name: '宇恒机械' } });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'LOOM_ERR_DATA_CONFLICT',
        detail: '已有其他记录的名称与此相同。',
        errors: [{ path: '/name', message: '已有其他商机使用了这个值' }],
      });
      const english = await send({}, { method: 'POST', url: '/api/data/deal', payload: { name: '宇恒机械' } });
      expect(english.json()).toMatchObject({
        detail: 'Another record already has the same name.',
        errors: [{ path: '/name', message: 'another deal already has this value' }],
      });
    });

    it('a required field is named by its label', async () => {
      const res = await send(zh, { method: 'POST', url: '/api/data/deal', payload: { stage: 'open' } });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors).toContainEqual({ path: '/name', message: '「名称」为必填项' });
    });

    it('permission errors name the action, the entity and the field in Chinese', async () => {
      const headers = { ...viewer.headers, ...zh };
      const update = await send(headers, { method: 'PATCH', url: `/api/data/deal/${dealId}`, payload: { name: '改名' } });
      expect(update.statusCode, update.body).toBe(403);
      expect(update.json()).toMatchObject({ code: 'LOOM_ERR_AUTH_ACTION_FORBIDDEN', title: '没有权限', detail: '你没有权限修改这条商机。' });
      const field = await send(headers, { method: 'POST', url: '/api/data/deal', payload: { name: '新商机', stage: 'won' } });
      expect(field.statusCode, field.body).toBe(403);
      expect(field.json()).toMatchObject({ code: 'LOOM_ERR_AUTH_FIELD_FORBIDDEN', errors: [{ path: '/stage', message: '你可以查看「阶段」，但不能修改' }] });
      const missing = await current.app.inject({ url: `/api/data/deal/0190a000-0000-7000-8000-000000000000`, headers });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'LOOM_ERR_DATA_NOT_FOUND', title: '找不到记录' });
      expect(missing.json().detail).toContain('商机');
    });

    it('a stale version says so in Chinese', async () => {
      const res = await current.app.inject({
        method: 'PATCH',
        url: `/api/data/deal/${dealId}`,
        payload: { stage: 'open' },
        headers: { ...zh, 'if-match': '7' },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'LOOM_ERR_DATA_STALE_VERSION', title: '记录已被他人修改' });
      expect(res.json().detail).toMatch(/^这条商机已被他人修改/);
    });
  });
}
