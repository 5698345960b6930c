import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_system.ts';
import * as m0002 from './0002_identity.ts';
import * as m0003 from './0003_personal_views.ts';
import * as m0004 from './0004_team_keys.ts';
import * as m0005 from './0005_file_owner.ts';
import * as m0006 from './0006_starter_pack.ts';
import * as m0007 from './0007_jobs_notifications.ts';
import * as m0008 from './0008_approvals.ts';

/** Every system migration in order. Names are never changed once shipped. */
export const systemMigrations: Record<string, Migration> = {
  '0001_system': m0001,
  '0002_identity': m0002,
  '0003_personal_views': m0003,
  '0004_team_keys': m0004,
  '0005_file_owner': m0005,
  '0006_starter_pack': m0006,
  '0007_jobs_notifications': m0007,
  '0008_approvals': m0008,
};
