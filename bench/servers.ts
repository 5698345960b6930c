import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'engine' | 'baseline';

export interface ServerHandle {
  readonly kind: ServerKind;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const PROFILES = fileURLToPath(new URL('./results/profiles/', import.meta.url));
const children = new Set<ChildProcess>();

/** Starts one server in a child process and resolves once it listens. */
export function startServer(kind: ServerKind, databaseUrl: string, poolSize: number): Promise<ServerHandle> {
  // LOOM_BENCH_PROFILE=engine (or baseline, or both): V8 CPU profiles of that server in bench/results/profiles/.
  const profile = process.env.LOOM_BENCH_PROFILE;
  const profiling = profile === kind || profile === 'both' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}${kind}`] : [];
  const child = fork(ENTRY, [kind], {
    execArgv: ['--import', 'tsx', ...profiling],
    env: { ...process.env, LOOM_BENCH_SERVER_DATABASE_URL: databaseUrl, LOOM_BENCH_POOL_SIZE: String(poolSize) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${kind} server did not start within 60 s`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      stopChild(child).finally(() => reject(error));
    };
    child.once('exit', (code) => fail(new Error(`${kind} server exited (code ${code}) before it was ready`)));
    child.once('message', (message: { ready?: boolean; port?: number; error?: string }) => {
      if (!message.ready || !message.port) return fail(new Error(`${kind} server failed to start: ${message.error ?? 'unknown error'}`));
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.on('exit', () => children.delete(child));
      resolve({ kind, url: `http://127.0.0.1:${message.port}`, pid: child.pid!, stop: () => stopChild(child) });
    });
  });
}

/** SIGTERM (the child closes its server and pool), SIGKILL after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every server this process started (used on failure and Ctrl-C). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}
