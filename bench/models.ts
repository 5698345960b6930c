import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The metadata the benchmark publishes: the deal model under load, and a 30-entity model for publish timings. */

export const DEAL_STATUSES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;

export const orgEntity = {
  kind: 'entity',
  name: 'org',
  label: { en: 'Organisation', 'zh-CN': '组织' },
  titleField: 'name',
  fields: {
    name: { type: 'text', required: true, maxLength: 200 },
  },
};

export const dealEntity = {
  kind: 'entity',
  name: 'deal',
  label: { en: 'Deal', 'zh-CN': '商机' },
  titleField: 'name',
  // Owned: every deal has an owner, so record scopes (own, team…) have something to act on.
  owned: true,
  fields: {
    name: { type: 'text', required: true, maxLength: 200, search: true },
    status: { type: 'select', options: DEAL_STATUSES.map((value) => ({ value })), index: true },
    amount: { type: 'money', currency: 'CNY' },
    closeAt: { type: 'datetime' },
    org: { type: 'lookup', entity: 'org' },
  },
  indexes: [['status', '-closeAt']],
};

/** The bench user's role: every deal and org (scope `all`, so no row predicate), create and update deals. */
export const benchRole = {
  kind: 'role',
  name: 'bench_sales',
  label: 'Benchmark sales',
  entities: {
    deal: { read: 'all', create: true, update: 'all' },
    org: { read: 'all' },
    customer: { read: 'all', create: true, update: 'all' },
  },
};

/** A salesperson who sees and edits the deals of their team only (scope `team`: a row predicate on owner). */
export const teamRole = {
  kind: 'role',
  name: 'bench_team_sales',
  label: 'Benchmark team sales',
  entities: {
    deal: { read: 'team', create: true, update: 'team' },
    org: { read: 'all' },
  },
};

/** Teams and owners of the deals: TEAMS teams of TEAM_SIZE users each own an equal share. */
export const TEAMS = 10;
export const TEAM_SIZE = 20;

/**
 * The CRM pack's customer, as the pack ships it (autonumber, 20 fields, a grams search over
 * two fields, a unique name, rules, a lookup to itself): the pack-* scenarios load it.
 */
export const customerEntity = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../metadata/packs/crm/entities/customer.json', import.meta.url)), 'utf8')) as {
  name: string;
};

export const dealDocuments = [orgEntity, dealEntity, customerEntity, benchRole, teamRole];

/**
 * 30 entities of about 10 fields each (9 of mixed types: text, select, money,
 * datetime, date, integer, decimal, boolean, multiselect, plus one or two lookups
 * to earlier entities, and one to itself), a search field and a composite index each.
 */
export function thirtyEntityModel(count = 30): object[] {
  const docs: object[] = [];
  for (let i = 0; i < count; i++) {
    const name = `thing${String(i).padStart(2, '0')}`;
    const fields: Record<string, object> = {
      title: { type: 'text', required: true, maxLength: 200, search: true },
      stage: { type: 'select', options: [{ value: 'new' }, { value: 'open' }, { value: 'done' }], default: 'new', index: true },
      value: { type: 'money', currency: 'CNY' },
      dueAt: { type: 'datetime' },
      startOn: { type: 'date' },
      quantity: { type: 'integer', min: 0 },
      rate: { type: 'decimal', precision: 12, scale: 3 },
      active: { type: 'boolean', default: true },
      tags: { type: 'multiselect', options: [{ value: 'a' }, { value: 'b' }], allowNew: true },
    };
    if (i > 0) fields.parent = { type: 'lookup', entity: `thing${String(i - 1).padStart(2, '0')}` };
    if (i > 4) fields.origin = { type: 'lookup', entity: `thing${String((i * 7) % (i - 1)).padStart(2, '0')}`, onDelete: 'restrict' };
    if (i === 0) fields.parent = { type: 'lookup', entity: name };
    docs.push({
      kind: 'entity',
      name,
      label: { en: `Thing ${i}`, 'zh-CN': `事物 ${i}` },
      titleField: 'title',
      fields,
      indexes: [['stage', '-dueAt']],
    });
  }
  return docs;
}

/** The publish request for some documents, as the HTTP and CLI layers build it. */
export function putAll(docs: readonly object[]) {
  return docs.map((d, i) => ({ put: d, pointer: `/documents/${i}` }));
}
