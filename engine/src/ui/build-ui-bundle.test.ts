import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { UiMenuItem } from '@loom/metadata';
import type { Actor } from '../data/actor.ts';
import { compileModelOrThrow } from '../model/compile-model.ts';
import { loadPack } from '../pack/load-pack.ts';
import { buildUiBundle, cachedUiBundle } from './build-ui-bundle.ts';

const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const model = compileModelOrThrow(
  pack.changes.map((c) => ({ document: (c as { put: unknown }).put, pointer: c.pointer })),
  7,
);
const roles = [...model.roles.keys()];
const actor = (r: string[], admin = false): Actor => ({
  id: '0190b7a4-0000-7000-8000-000000000001',
  roles: r,
  teams: [],
  teamMembers: [],
  subordinates: [],
  teamKeys: [],
  sharedEntities: new Set(),
  admin,
});
const views = (items: readonly UiMenuItem[]): string[] => items.flatMap((i) => (i.kind === 'group' ? views(i.items) : i.kind === 'view' ? [i.view] : []));

const cases: [string, Actor][] = [['admin', actor([], true)], ...roles.map((r): [string, Actor] => [r, actor([r])])];

describe('the UI bundle of the standard CRM pack', () => {
  it.each(cases)('is complete and consistent for %s', (_name, who) => {
    const bundle = buildUiBundle(model, who, 'zh-CN');
    expect(bundle.revision).toBe(7);
    // ajv 2020 as the server checks bodies; draft-07 as RJSF's validator-ajv8 does by default.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const draft7 = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    addFormats.default(draft7);
    for (const form of Object.values(bundle.forms)) {
      expect(() => ajv.compile(form.schema), form.name).not.toThrow();
      expect(() => draft7.compile(form.schema), form.name).not.toThrow();
      for (const section of form.sections) if (section.related) expect(bundle.entities[section.related.entity], form.name).toBeDefined();
      for (const name of form.uiSchema['ui:order'] as string[]) expect(bundle.entities[form.entity].fields[name], `${form.name} ${name}`).toBeDefined();
    }
    for (const view of Object.values(bundle.views)) {
      expect(bundle.entities[view.entity]).toBeDefined();
      for (const column of view.columns) expect(column.label).not.toBe('');
    }
    for (const menu of bundle.menus) for (const name of views(menu.items)) expect(bundle.views[name]).toBeDefined();
    for (const entity of Object.values(bundle.entities)) {
      if (entity.defaultView) expect(bundle.views[entity.defaultView].entity).toBe(entity.name);
      if (entity.defaultForm) expect(bundle.forms[entity.defaultForm].entity).toBe(entity.name);
    }
  });

  it('hides from a role what the role hides, and keeps the bundle per role set', () => {
    const sales = buildUiBundle(model, actor(['sales']), 'en');
    expect(sales.entities.product.fields.cost).toBeUndefined();
    expect(sales.entities.customer.fields.revenue.readOnly).toBe(true);
    expect(cachedUiBundle(model, actor(['sales']), 'en')).toBe(cachedUiBundle(model, { ...actor(['sales']), id: 'someone-else' }, 'en'));
    expect(cachedUiBundle(model, actor(['sales']), 'en')).not.toBe(cachedUiBundle(model, actor(['sales']), 'zh-CN'));
  });
});
