import { sql, type Kysely } from 'kysely';
import { recordTable } from '../../data/access/record-scope.ts';
import type { CompiledModel, CompiledReminder } from '../../model/compiled-model.ts';
import type { Delivery, PathValue } from '../notify/deliver.ts';
import { recordPaths } from '../notify/record-paths.ts';
import { recipientPaths, resolveRecipients, RoleMembers } from '../notify/recipients.ts';
import { templatePaths } from '../notify/template.ts';
import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';
import { dueRecordsSql } from './due-records.ts';

/** The sweep's name in loom.sweeps. */
export const REMINDER_SWEEP = 'reminders';

type Deliver = (trx: Kysely<any>, deliveries: readonly Delivery[]) => Promise<void>;

/**
 * Reminders: each minute's window (the scheduler's sweep) selects, per reminder, the records
 * whose reminder falls due in it and records each occurrence in `loom.reminder_deliveries`
 * (unique per reminder, record and due time) in ONE statement, which also reads the values the
 * texts and recipients need; the notifications are then delivered in the same transaction.
 * A reminder that fails (its statement errs) is logged and skipped; the others still run.
 */
export function createReminders(services: ProcessServices, deliver: Deliver): ProcessPart & { sweep(trx: Kysely<any>, window: SweepWindow): Promise<number> } {
  async function sweep(trx: Kysely<any>, window: SweepWindow): Promise<number> {
    const model = services.model();
    const roles = new RoleMembers();
    let delivered = 0;
    for (const reminder of model.reminders.values()) {
      await sql`savepoint loom_reminder`.execute(trx);
      try {
        delivered += await sweepReminder(trx, model, reminder, window, roles);
        await sql`release savepoint loom_reminder`.execute(trx);
      } catch (error) {
        await sql`rollback to savepoint loom_reminder`.execute(trx);
        services.log.error({ err: error, reminder: reminder.name }, 'reminder sweep failed; this window of the reminder is skipped');
      }
    }
    return delivered;
  }

  async function sweepReminder(trx: Kysely<any>, model: CompiledModel, reminder: CompiledReminder, window: SweepWindow, roles: RoleMembers): Promise<number> {
    const entity = model.entities.get(reminder.entity);
    if (!entity) return 0;
    const texts = [reminder.message, reminder.title].flatMap((l) => (l === undefined ? [] : typeof l === 'string' ? [l] : Object.values(l)));
    const paths = recordPaths(model, entity, [...texts.flatMap((t) => templatePaths(String(t))), ...recipientPaths(reminder.to)], 'r');
    const columns = paths.map((p, i) => sql`${p.sql} as ${sql.id(`v${i}`)}`);
    const { rows } = await sql<Record<string, unknown> & { record_id: string; due_at: Date }>`
      with due as (${dueRecordsSql(model, entity, reminder, window, services.timeZone)}),
      delivered as (
        insert into loom.reminder_deliveries (reminder, record_id, due_at, delivered_at)
        select ${reminder.name}, record_id, due_at, ${services.now()} from due
        on conflict do nothing
        returning record_id, due_at)
      select d.record_id, d.due_at${columns.length ? sql`, ${sql.join(columns)}` : sql``}
      from delivered as d join ${recordTable(entity)} as r on r.id = d.record_id`.execute(trx);
    if (!rows.length) return 0;
    const deliveries: Delivery[] = [];
    for (const row of rows) {
      const values = new Map<string, PathValue>(paths.map((p, i) => [p.path, { field: p.field, value: row[`v${i}`] }]));
      const dueAt = new Date(row.due_at).toISOString();
      deliveries.push({
        key: `reminder:${reminder.name}:${row.record_id}:${dueAt}`,
        source: `reminder:${reminder.name}`,
        entity: entity.name,
        recordId: row.record_id,
        recipients: await resolveRecipients(trx, reminder.to, { value: (p) => values.get(p)?.value }, roles),
        title: reminder.title ?? reminder.label ?? entity.label,
        message: reminder.message,
        channels: reminder.channels,
        values,
      });
    }
    await deliver(trx, deliveries);
    return rows.length;
  }

  services.registerSweep(REMINDER_SWEEP, async (trx, window) => void (await sweep(trx, window)));
  return { sweep };
}
