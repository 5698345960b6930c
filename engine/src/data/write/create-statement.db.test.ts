import pg from 'pg';
import type { KyselyPlugin } from 'kysely';
import { expect, it, vi } from 'vitest';
import * as logic from '../../logic/index.ts';
import { describeAppOnEachBackend } from '../../../test/test-app.ts';
import { testDocuments } from '../../../test/fixtures/test-model.ts';
import { SYSTEM_ACTOR } from '../actor.ts';
import { RecordService } from '../record-service.ts';

// Counts how often rules are compiled, compiling them as before.
vi.mock('../../logic/index.ts', async (original) => {
  const actual = await original<typeof import('../../logic/index.ts')>();
  return { ...actual, compileCondition: vi.fn(actual.compileCondition) };
});
const compiles = vi.mocked(logic.compileCondition);

/** An entity with an autonumber and rules whose fields are all stored: its creates take the one-statement path. */
const quoteEntity = {
  kind: 'entity',
  name: 'quote',
  label: 'Quote',
  titleField: 'name',
  fields: {
    name: { type: 'text', required: true },
    number: { type: 'autonumber', pattern: 'Q-{YYYY}-{0}' },
    amount: { type: 'integer' },
  },
  unique: [['name']],
  rules: [
    { name: 'amountNotNegative', assert: { or: [{ '==': [{ var: 'amount' }, null] }, { '>=': [{ var: 'amount' }, 0] }] }, message: 'Amount cannot be negative' },
    { name: 'notItsOwnNumber', assert: { '!=': [{ var: 'name' }, { var: 'number' }] }, message: 'A quote is not named by its number' },
  ],
};

/** The same with a rule on the clock: its statement holds the request's `$now` and is never kept. */
const visitEntity = {
  kind: 'entity',
  name: 'visit',
  label: 'Visit',
  titleField: 'number',
  fields: {
    number: { type: 'autonumber', pattern: 'V-{0000}' },
    dueAt: { type: 'datetime' },
  },
  rules: [{ name: 'dueLater', assert: { or: [{ '==': [{ var: 'dueAt' }, null] }, { '>': [{ var: 'dueAt' }, { var: '$now' }] }] }, message: 'Due must be later than now' }],
};

let now = new Date('2025-12-31T23:59:00.000Z');
const clock = () => now;

describeAppOnEachBackend(
  'a create with an autonumber and rules',
  [...testDocuments, quoteEntity, visitEntity],
  (ctx) => {
    const post = (entity: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: `/api/data/${entity}`, payload });

    it('numbers in the INSERT: periods restart, a number outgrows its zeros, and a create the rules, the unique index or the database refuse gives its number back', async () => {
      now = new Date('2025-12-31T23:59:00.000Z');
      const numbers: string[] = [];
      for (let i = 1; i <= 10; i++) {
        const res = await post('quote', { name: `Quote ${i}`, amount: i });
        expect(res.statusCode, res.body).toBe(201);
        numbers.push(res.json().number);
        if (i === 3) {
          const negative = await post('quote', { name: 'Negative', amount: -1 });
          expect(negative.statusCode, negative.body).toBe(422);
          expect(negative.json().errors).toEqual([{ path: '/', message: 'Amount cannot be negative' }]);
          const taken = await post('quote', { name: 'Quote 1' });
          expect(taken.statusCode, taken.body).toBe(409);
          // The rule is broken only once the number is known: checked in the same statement.
          const ownNumber = await post('quote', { name: 'Q-2025-4' });
          expect(ownNumber.statusCode, ownNumber.body).toBe(422);
          expect(ownNumber.json().errors[0].message).toBe('A quote is not named by its number');
        }
      }
      expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `Q-2025-${i + 1}`));
      now = new Date('2026-01-01T00:00:01.000Z');
      const next = await post('quote', { name: 'New year' });
      expect(next.json()).toMatchObject({ number: 'Q-2026-1', name: 'New year', amount: null, version: 1, createdAt: '2026-01-01T00:00:01.000Z' });
      const history = (await ctx.app.inject(`/api/data/quote/${next.json().id}/history`)).json();
      expect(history.data).toMatchObject([{ action: 'create', changes: { name: [null, 'New year'], number: [null, 'Q-2026-1'] } }]);
      // The record answered is the record stored.
      expect((await ctx.app.inject(`/api/data/quote/${next.json().id}`)).json()).toEqual(next.json());
    });

    it('compiles the rule checks once per model and entity, and a rule reading $now on every create with its own clock', async () => {
      now = new Date('2026-01-02T00:00:00.000Z');
      expect((await post('quote', { name: 'Warm', amount: 1 })).statusCode).toBe(201);
      expect((await post('account', { name: 'Warm' })).statusCode).toBe(201);
      compiles.mockClear();
      expect((await post('quote', { name: 'Kept', amount: 2 })).statusCode).toBe(201);
      // account has formulas and a rollup: its rules are checked by their own SELECT, kept as well.
      expect((await post('account', { name: 'Kept' })).statusCode).toBe(201);
      expect((await post('account', { name: 'Refused', revenue: '-1' })).statusCode).toBe(422);
      expect(compiles).not.toHaveBeenCalled();

      const due = '2026-01-02T12:00:00.000Z';
      expect((await post('visit', { dueAt: due })).statusCode).toBe(201);
      now = new Date('2026-01-03T00:00:00.000Z');
      const late = await post('visit', { dueAt: due });
      expect(late.statusCode, late.body).toBe(422);
      expect(late.json().errors[0].message).toBe('Due must be later than now');
      expect(compiles).toHaveBeenCalledTimes(2);
      expect((await post('visit', { dueAt: '2026-01-04T00:00:00.000Z' })).json().number).toBe('V-0002');
    });

    it('holds the counter row from its one statement to COMMIT only', async () => {
      now = new Date('2026-01-05T00:00:00.000Z');
      // After each statement of the create's transaction: is the counter row locked?
      const locked: (boolean | undefined)[] = [];
      const probe: KyselyPlugin = {
        transformQuery: (args) => args.node,
        async transformResult(args) {
          locked.push(ctx.test.url ? await counterLocked(ctx.test.url, 'quote') : undefined);
          return args.result;
        },
      };
      const service = new RecordService({ db: ctx.test.database.db.withPlugin(probe), model: () => ctx.app.loom.registry.current(), now: clock });
      const record = await service.create('quote', { name: 'Probed', amount: 5 }, SYSTEM_ACTOR);
      expect(record.number).toBe('Q-2026-4');
      expect(locked).toEqual([ctx.kind === 'postgres' ? true : undefined]);
    });
  },
  { clock },
);

/** Whether another connection finds the entity's counter row locked (PostgreSQL: a second session). */
async function counterLocked(url: string, entity: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select 1 from loom.autonumber_counters where entity = $1 for update nowait', [entity]);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true;
    throw error;
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}
