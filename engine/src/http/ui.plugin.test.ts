import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, it } from 'vitest';
import type { UiBundle, UiMenuItem } from '@loom/metadata';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { uiDocuments } from '../../test/fixtures/ui-model.ts';

const labels = (items: readonly UiMenuItem[]): unknown[] => items.map((i) => (i.kind === 'group' ? { [i.label]: labels(i.items) } : i.label));

describeAppOnEachBackend('GET /api/meta/ui', uiDocuments, (ctx) => {
  let clerk: TestUser;
  const bundle = async (headers?: Record<string, string>, locale = 'en'): Promise<UiBundle> => {
    const res = await ctx.app.inject({ url: `/api/meta/ui?locale=${locale}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('gives an administrator everything: every entity, view, form and menu, labels in English', async () => {
    clerk = await createTestUser(ctx.app, { roles: ['clerk'], name: 'Clerk One' });
    const b = await bundle();
    expect(b.revision).toBeGreaterThan(0);
    expect(b.locale).toBe('en');
    expect(b.user).toMatchObject({ id: ctx.app.admin.id, email: 'test-admin@loom.test', admin: true, roles: [] });
    expect(Object.keys(b.entities)).toEqual(['account', 'accountItem', 'ledger', 'person']);
    expect(b.menus.map((m) => m.name)).toEqual(['bosses', 'main', 'open']);
    expect(Object.keys(b.views).sort()).toEqual(['account.all', 'account.secretive', 'ledger.all', 'person.all']);
    const account = b.entities.account;
    expect(account).toMatchObject({
      label: 'Account',
      pluralLabel: 'Accounts',
      icon: 'building',
      titleField: 'name',
      owned: true,
      searchable: true,
      defaultView: 'account.all',
      defaultForm: 'account.default',
    });
    expect(account.permissions).toEqual({ create: true, update: true, delete: true, share: true });
    expect(account.fieldOrder.slice(0, 7)).toEqual(['name', 'tier', 'revenue', 'secret', 'items', 'total', 'code']);
    expect(account.fieldOrder).toContain('owner');
    expect(account.fields.tier.options).toEqual([
      { value: 'a', label: 'Key', color: 'red' },
      { value: 'c', label: 'c' },
    ]);
    expect(account.fields.secret).toMatchObject({ label: 'Secret', help: 'Only managers', readOnly: false });
    expect(account.fields.items).toMatchObject({ type: 'lines', entity: 'accountItem', via: 'account' });
    expect(account.fields.code).toMatchObject({ type: 'autonumber', readOnly: true, pattern: 'AC-{0000}' });
    expect(account.fields.createdAt).toMatchObject({ system: true, readOnly: true, label: 'Created at', sortable: true });
    // Lines children are edited inline, so their lookup back is not a related list.
    expect(account.referencedBy).toEqual([
      { entity: 'ledger', field: 'account', label: 'Ledger' },
      { entity: 'person', field: 'account', label: 'Person' },
    ]);
  });

  it('leaves out what a restricted role may not use', async () => {
    const b = await bundle(clerk.headers);
    expect(b.user).toMatchObject({ id: clerk.id, name: 'Clerk One', admin: false, roles: ['clerk'] });
    expect(Object.keys(b.entities)).toEqual(['account', 'accountItem', 'person']);
    const account = b.entities.account;
    expect(account.fields.secret).toBeUndefined();
    expect(account.fieldOrder).not.toContain('secret');
    expect(account.fields.revenue.readOnly).toBe(true);
    expect(account.fields.name.readOnly).toBe(false);
    expect(account.permissions).toEqual({ create: true, update: true, delete: false, share: true });
    expect(b.entities.person.permissions).toEqual({ create: false, update: false, delete: false, share: false });
    expect(account.referencedBy.map((r) => r.entity)).toEqual(['person']);
    // The view filtering on a hidden field is gone; the hidden column and sort key too.
    expect(Object.keys(b.views).sort()).toEqual(['account.all', 'person.all']);
    expect(b.views['account.all'].columns.map((c) => c.path)).toEqual(['name', 'tier', 'revenue', 'owner']);
    expect(b.views['account.all'].sort).toEqual(['name']);
    expect(b.views['person.all'].columns.map((c) => c.path)).toEqual(['name', 'account.name', 'account.tier']);
    expect(Object.keys(b.forms)).toEqual(['account.default']);
    // Menus: only those of the clerk's roles, without unusable items and the groups left empty.
    expect(b.menus.map((m) => m.name)).toEqual(['main', 'open']);
    expect(labels(b.menus[0].items)).toEqual([{ Customers: ['All accounts', 'Contacts', 'By tier'] }, 'Approvals']);
    expect(b.menus[0].items[0]).toMatchObject({ kind: 'group', icon: 'users' });
    expect(b.menus[0].items[0].kind === 'group' && b.menus[0].items[0].items[0]).toEqual({
      kind: 'view',
      view: 'account.all',
      entity: 'account',
      label: 'All accounts',
    });
  });

  it('describes view columns for rendering: lookup paths carry their expand, labels joined', async () => {
    const b = await bundle();
    const person = b.views['person.all'];
    expect(person).toMatchObject({ label: 'People', pageSize: 20, default: false, sort: ['-updatedAt'], filter: { '==': [{ var: 'account.tier' }, 'a'] } });
    expect(person.columns[1]).toMatchObject({ path: 'account.name', label: 'Account › Name', expand: 'account', field: { name: 'name', type: 'text' } });
    const owner = b.views['account.all'].columns.find((c) => c.path === 'owner')!;
    expect(owner).toMatchObject({ label: 'Owner', expand: 'owner', field: { type: 'user', system: true } });
    expect(b.views['account.all'].columns[0].expand).toBeUndefined();
  });

  it('turns a form into sections, a JSON Schema that ajv accepts, a uiSchema and field rules', async () => {
    const admin = (await bundle()).forms['account.default'];
    expect(admin.sections.map((s) => s.title)).toEqual(['Basics', 'Hidden only', undefined, 'Person', 'Ledger']);
    expect(admin.sections[3].related).toEqual({ entity: 'person', field: 'account', label: 'Person' });
    expect(admin.sections[4]).toMatchObject({ collapsed: true, columns: 1 });
    expect(admin.uiSchema['ui:order']).toEqual(['name', 'tier', 'revenue', 'secret', 'code', 'items', 'total']);
    expect(admin.uiSchema.tier).toMatchObject({
      'ui:widget': 'select',
      'ui:options': {
        options: [
          { value: 'a', label: 'Key', color: 'red' },
          { value: 'c', label: 'c' },
        ],
      },
    });
    expect(admin.uiSchema.code).toEqual({ 'ui:widget': 'autonumber', 'ui:readonly': true, 'ui:options': { pattern: 'AC-{0000}' } });
    expect(admin.uiSchema.items).toMatchObject({ 'ui:widget': 'lines', 'ui:options': { entity: 'accountItem', via: 'account' } });
    expect(admin.uiSchema.revenue).toMatchObject({ 'ui:widget': 'money', 'ui:options': { currency: 'CNY' } });
    expect(admin.fieldRules).toEqual({
      secret: { visibleWhen: { '==': [{ var: 'tier' }, 'a'] } },
      revenue: { requiredWhen: { '==': [{ var: 'tier' }, 'a'] } },
    });
    expect(admin.schema.required).toEqual(['name']);

    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(admin.schema);
    const good = { name: 'Acme', tier: 'a', revenue: { amount: '10.00', currency: 'CNY' }, items: [{ product: 'Bolt', qty: 3 }] };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ tier: 'z', items: [{ qty: -1 }] })).toBe(false);
    const paths = validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(expect.arrayContaining([' required', '/tier enum', '/items/0 required', '/items/0/qty minimum']));

    const clerkForm = (await bundle(clerk.headers)).forms['account.default'];
    expect(clerkForm.sections.map((s) => s.title)).toEqual(['Basics', undefined, 'Person']);
    expect(clerkForm.sections[0].fields).toEqual(['name', 'tier', 'revenue', 'code']);
    expect((clerkForm.schema.properties as Record<string, unknown>).secret).toBeUndefined();
    expect(clerkForm.uiSchema.revenue).toMatchObject({ 'ui:readonly': true });
    expect((clerkForm.schema.properties as Record<string, { readOnly?: boolean }>).revenue.readOnly).toBe(true);
    expect(clerkForm.fieldRules).toEqual({ revenue: { requiredWhen: { '==': [{ var: 'tier' }, 'a'] } } });
    expect(ajv.compile(clerkForm.schema)({ name: 'x' })).toBe(true);
  });

  it('answers labels in Chinese, falling back to English and then to the name', async () => {
    const b = await bundle(clerk.headers, 'zh-CN');
    expect(b.locale).toBe('zh-CN');
    expect(b.menus[0].label).toBe('主菜单');
    expect(labels(b.menus[0].items)).toEqual([{ 客户: ['全部账户', '联系人', '按等级'] }, '审批']);
    expect(b.entities.account).toMatchObject({ label: '账户', pluralLabel: '账户列表' });
    expect(b.entities.account.fields.tier.options![0].label).toBe('重点');
    expect(b.entities.account.fields.createdAt.label).toBe('创建时间');
    expect(b.entities.accountItem.label).toBe('Item');
    expect(b.entities.accountItem.fields.qty.label).toBe('Qty');
    // The lookup has no label of its own: its name, humanized, in every locale.
    expect(b.views['person.all'].columns[1].label).toBe('Account › 名称');
    expect(b.forms['account.default'].sections[0].title).toBe('基本信息');
    expect((b.forms['account.default'].schema.properties as Record<string, { title: string }>).name.title).toBe('名称');
  });

  it('refuses a bad locale or an unknown parameter with problem+json, and anonymous callers', async () => {
    const bad = await ctx.app.inject({ url: '/api/meta/ui?locale=fr' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([{ path: '/query/locale', message: 'must be one of en, zh-CN' }]);
    const extra = await ctx.app.inject({ url: '/api/meta/ui?locale=en&x=1' });
    expect(extra.json().errors[0].path).toBe('/query/x');
    expect((await ctx.app.inject({ url: '/api/meta/ui' })).json().locale).toBe('en');
    expect((await ctx.app.raw.inject({ url: '/api/meta/ui' })).statusCode).toBe(401);
  });

  it('serves one cached bundle per revision and role set, and a new one after a publish', async () => {
    const first = await bundle(clerk.headers);
    const other = await createTestUser(ctx.app, { roles: ['clerk'] });
    const second = await bundle(other.headers);
    expect(second.user.id).toBe(other.id);
    expect(second.entities).toEqual(first.entities);
    const published = await ctx.app.inject({
      method: 'PUT',
      url: '/api/meta/view/ledger.mine',
      payload: { kind: 'view', name: 'ledger.mine', entity: 'ledger', columns: ['note'] },
    });
    expect(published.statusCode, published.body).toBe(200);
    const after = await bundle();
    expect(after.revision).toBe(first.revision + 1);
    expect(after.views['ledger.mine']).toBeDefined();
  });
});
