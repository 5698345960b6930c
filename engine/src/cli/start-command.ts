import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../app/config.ts';
import { createLoomApp } from '../app/loom-app.ts';
import { buildWebAppIfMissing } from './build-web-app.ts';
import { installStarterPack } from './starter-pack.ts';

/** The pack a new installation starts with (LOOM_STARTER_PACK=none to start empty). */
const DEFAULT_PACK = fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function runStart(): Promise<number> {
  const config = configFromEnv();
  const app = await createLoomApp(config);
  const starter = process.env.LOOM_STARTER_PACK ?? DEFAULT_PACK;
  // Also finishes an installation a crash interrupted (the pack published, its sample data not).
  if (starter !== 'none') await installStarterPack(app, starter);
  await app.server.listen({ port: config.port, host: config.host });
  // The API serves at once; /app/ says "not built" until a missing web app is built.
  const webApp = buildWebAppIfMissing({ repoRoot: REPO_ROOT, uiDir: config.uiDir, log: app.server.log });
  const stop = async () => {
    webApp.cancel();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}
