/**
 * Reminders in `npm run bench` (`reminders`): 10,000 reminders falling due in one minute,
 * delivered to inboxes by one scheduler tick, as the minute job runs it, among 100,000 records
 * of the entity. Target: ≤ 20 s on PostgreSQL. The baseline is the least any delivery can
 * cost: one hand-written INSERT … SELECT of the same 10,000 inbox rows with a fixed text (no
 * recipients resolved, no template rendered, no locale), timed on the same data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { configFromEnv } from '../engine/src/app/config.ts';
import { createUser } from '../engine/src/auth/users-repo.ts';
import { openDatabase } from '../engine/src/db/database.ts';
import { buildServer } from '../engine/src/http/server.ts';
import type { BenchSettings } from './bench-env.ts';

export const REMINDER_TARGETS = { dueMs: 20_000 } as const;
export const DUE_REMINDERS = 10_000;
const RECORDS = 100_000;
const OWNERS = 100;

const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });
const DOCUMENTS = [
  {
    kind: 'entity',
    name: 'benchContract',
    label: zh('Contract', '合同'),
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', required: true },
      endDate: { type: 'date', index: true },
      amount: { type: 'money', currency: 'CNY' },
      status: {
        type: 'select',
        options: [
          { value: 'active', label: zh('Active', '执行中') },
          { value: 'closed', label: zh('Closed', '已关闭') },
        ],
      },
    },
  },
  {
    kind: 'reminder',
    name: 'bench_contract_end',
    entity: 'benchContract',
    label: zh('Contract ends', '合同到期'),
    at: { field: 'endDate', offset: '-30d', time: '09:00' },
    when: { '==': [{ var: 'status' }, 'active'] },
    to: [{ field: 'owner' }],
    message: zh('Contract {{name}} ends on {{endDate}} ({{amount}}, {{status}}).', '合同 {{name}} 将于 {{endDate}} 到期（{{amount}}，{{status}}）。'),
  },
];

export interface ReminderBenchReport {
  readonly records: number;
  readonly due: number;
  readonly delivered: number;
  readonly ms: number;
  readonly baselineMs: number;
  readonly pass: boolean;
}

export async function runReminderBench(settings: Pick<BenchSettings, 'poolSize'>, url: string, log: (message: string) => void): Promise<ReminderBenchReport> {
  const database = await openDatabase({ url, poolSize: settings.poolSize });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-files-'));
  // 2027-06-01 ends at 09:00 Shanghai minus 30 days: due at 2027-05-02T01:00Z.
  let now = new Date('2027-05-01T00:00:00Z');
  const app = await buildServer({ database, config: { ...configFromEnv({}), filesDir, timeZone: 'Asia/Shanghai' }, logger: false, clock: () => now });
  const db = database.db as Kysely<any>;
  try {
    await app.loom.registry.start();
    await app.loom.registry.publish(DOCUMENTS.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
    const owners: string[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const user = await createUser(db, { email: `bench-owner-${i}@loom.test`, name: `Owner ${i}` });
      owners.push(user.id);
    }
    await sql`update loom.users set locale = 'zh-CN' where id = any(${owners.filter((_, i) => i % 2 === 0)}::uuid[])`.execute(db);
    const loading = performance.now();
    // Every 10th record is active and ends on 2027-06-01 (due in the measured minute); the
    // others end on other days or are closed.
    await sql`insert into loom_data.bench_contract (id, name, owner, end_date, amount, amount__cur, status, created_at, updated_at, version)
      select gen_random_uuid(), 'C-' || g, (${owners}::uuid[])[1 + g % ${OWNERS}], 
        case when g % 10 = 0 then date '2027-06-01' else date '2027-06-01' + (g % 300) - 150 end,
        (g % 1000) * 100 + 0.5, 'CNY', case when g % 10 = 0 or g % 3 = 0 then 'active' else 'closed' end, now(), now(), 1
      from generate_series(1, ${RECORDS}) as g`.execute(db);
    await sql`vacuum analyze loom_data.bench_contract`.execute(db);
    const due = Number(
      (await sql<{ n: number }>`select count(*)::int as n from loom_data.bench_contract where end_date = '2027-06-01' and status = 'active'`.execute(db))
        .rows[0].n,
    );
    log(`reminders: ${RECORDS} records (${due} due in one minute) loaded in ${Math.round(performance.now() - loading)} ms`);

    // Baseline first, then removed: the least a delivery of these rows can cost.
    const baselineStart = performance.now();
    await sql`insert into loom.notifications (id, user_id, key, title, message, source, entity, record_id, created_at)
      select gen_random_uuid(), owner, 'baseline:' || id, 'Contract ends', 'Contract ' || name || ' ends soon.', 'bench', 'benchContract', id, now()
      from loom_data.bench_contract where end_date = '2027-06-01' and status = 'active'`.execute(db);
    const baselineMs = performance.now() - baselineStart;
    await sql`delete from loom.notifications where source = 'bench'`.execute(db);

    const processes = app.loom.processes;
    await processes.tick();
    now = new Date('2027-05-02T01:00:30Z');
    const start = performance.now();
    await processes.tick();
    const ms = performance.now() - start;
    const delivered = Number(
      (await sql<{ n: number }>`select count(*)::int as n from loom.notifications where source = 'reminder:bench_contract_end'`.execute(db)).rows[0].n,
    );
    return { records: RECORDS, due, delivered, ms, baselineMs, pass: delivered === due && ms <= REMINDER_TARGETS.dueMs };
  } finally {
    await app.close();
    await app.loom.registry.stop();
    await database.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
}

export function formatReminderBench(r: ReminderBenchReport): string {
  return `reminders: ${r.delivered.toLocaleString('en')} of ${r.due.toLocaleString('en')} due reminders (among ${r.records.toLocaleString('en')} records) delivered to inboxes by one tick in ${(r.ms / 1000).toFixed(2)} s (target ≤ ${REMINDER_TARGETS.dueMs / 1000} s) ${r.pass ? 'PASS' : 'FAIL'}; a bare INSERT … SELECT of the same rows: ${(r.baselineMs / 1000).toFixed(2)} s (×${(r.ms / r.baselineMs).toFixed(1)})`;
}
