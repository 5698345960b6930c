import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../pack/load-pack.ts';
import { selectedBackends } from '../../../test/backends.ts';
import { createTestUser, startTestApp, type TestApp } from '../../../test/test-app.ts';
import { createReminders } from './reminders.ts';

const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../metadata/packs/crm');

for (const kind of selectedBackends()) {
  describe(`the CRM pack's reminders [${kind}]`, () => {
    let started: TestApp;
    const now = new Date('2027-09-01T00:00:00Z');

    beforeAll(async () => {
      const pack = loadPack(PACK);
      started = await startTestApp(
        kind,
        pack.changes.map((c) => ('put' in c ? c.put : undefined)),
        { clock: () => now },
      );
    });
    afterAll(async () => {
      await started?.close();
    });

    it('sweeps every reminder of the pack without an error, and tells a task owner 15 minutes before', async () => {
      const { app } = started;
      const owner = await createTestUser(app, { name: 'Sales Rep', roles: ['sales'] });
      const res = await app.inject({
        method: 'POST',
        url: '/api/data/task',
        payload: { subject: 'Call Acme', type: 'call', dueAt: '2027-09-02T02:00:00Z', owner: owner.id },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { services, notifications } = app.loom.processes;
      // The sweep as the scheduler runs it, with a log that keeps its errors.
      const errors: unknown[] = [];
      const reminders = createReminders(
        { ...services, registerSweep() {}, log: { ...services.log, error: (obj: object) => errors.push(obj) } },
        notifications.deliver,
      );
      const delivered = await services.db.transaction().execute((trx) => reminders.sweep(trx, { from: now, to: new Date('2027-09-02T01:45:00Z') }));
      expect(errors).toEqual([]);
      expect(services.model().reminders.size).toBeGreaterThanOrEqual(6);
      expect(delivered).toBe(1);
      const { rows } = await sql<{
        user_id: string;
        title: string;
        message: string;
      }>`select user_id, title, message from loom.notifications where source = 'reminder:task_due'`.execute(services.db);
      expect(rows).toEqual([{ user_id: owner.id, title: 'Task due', message: expect.stringMatching(/^Call Acme at Sep 2, 2027, /) }]);
    });
  });
}
