import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { adminDatabaseUrl, selectedBackends } from './backends.ts';

/**
 * Runs once per `vitest run`: prepares an initialised PGlite data folder that every
 * test file clones (initdb in WASM takes seconds; loading a dump takes about one),
 * and checks that the PostgreSQL server is there when its backend is selected.
 */
export default async function setup(project: TestProject) {
  const backends = selectedBackends();
  if (backends.includes('postgres')) await checkPostgres();
  let templatePath = '';
  if (backends.includes('pglite')) {
    const dir = path.resolve('.loom-test');
    fs.mkdirSync(dir, { recursive: true });
    templatePath = path.join(dir, `pglite-template-${process.pid}.tar.gz`);
    const base = await PGlite.create();
    const dump = await base.dumpDataDir('gzip');
    fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
    await base.close();
  }
  project.provide('pgliteTemplatePath', templatePath);
  return () => {
    if (templatePath) fs.rmSync(templatePath, { force: true });
  };
}

async function checkPostgres() {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `Tests run on PostgreSQL too, but ${redact(adminDatabaseUrl())} is not reachable (${(error as Error).message}). ` +
        'Start PostgreSQL, point LOOM_TEST_DATABASE_URL at a server, or run with LOOM_TEST_BACKENDS=pglite.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}
