import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../../test/test-database.ts';
import { instantFromText } from './instant-text.ts';

describeOnEachBackend('instants read as text', (ctx) => {
  it('give exactly the ISO string of the Date the driver returns', async () => {
    const samples = [
      '2025-03-31 09:30:00+00', '2025-03-31 09:30:00.1+00', '2025-03-31 09:30:00.009+00', '2025-03-31 09:30:00.999999+00',
      '2025-03-31 09:30:00.000001+00', '1999-12-31 23:59:59.5+08', '0100-01-01 00:00:00+00', '9999-12-31 23:59:59.999+00',
    ];
    const { rows } = await sql<{ value: Date; text: string }>`
      select v as value, v::text as text from unnest(${samples}::timestamptz[]) as v`.execute(ctx.database.db);
    expect(rows.length).toBe(samples.length);
    for (const row of rows) expect(instantFromText(row.text)).toBe(row.value.toISOString());
  });

  it('read years before 100 as written (PGlite\'s own Date parsing made 0050 into 1950)', () => {
    expect(instantFromText('0050-06-01 12:00:00+00')).toBe('0050-06-01T12:00:00.000Z');
    expect(instantFromText('0001-01-01 00:00:00+00 BC')).toBe('0000-01-01T00:00:00.000Z');
  });
});
