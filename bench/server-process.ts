/**
 * Child-process entry: `node --import tsx bench/server-process.ts engine|baseline`.
 * Each server runs in its own process so the load generator (autocannon, in the
 * parent) never shares an event loop with the server it measures.
 */
import { startBaselineServer, type RunningServer } from './baseline-server.ts';
import { startEngineServer } from './engine-server.ts';

const kind = process.argv[2];
const url = process.env.LOOM_BENCH_SERVER_DATABASE_URL;
const poolSize = Number(process.env.LOOM_BENCH_POOL_SIZE ?? 10);

async function main() {
  if (!url) throw new Error('LOOM_BENCH_SERVER_DATABASE_URL is not set');
  if (kind !== 'engine' && kind !== 'baseline') throw new Error(`unknown server kind "${kind}" (engine, baseline)`);
  const server: RunningServer = kind === 'engine' ? await startEngineServer(url, poolSize) : await startBaselineServer(url, poolSize);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.send?.({ ready: true, port: server.port });
}

main().catch((error) => {
  console.error(`[${kind} server] ${(error as Error).stack ?? error}`);
  process.send?.({ ready: false, error: String((error as Error).message ?? error) });
  process.exit(1);
});
