import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUTPUT_KEPT = 40_000;

/** A `loom start` process the test spawned, as an operator would run it. */
export interface LoomProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** The end of what the process wrote, for a failing test's message. */
  output(): string;
  alive(): boolean;
  /** Sends the signal and waits for the process to be gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

// Every process spawned here, so that a test that fails or times out, or a worker that exits,
// leaves none behind (they hold database connections and would keep the test database alive).
const spawned = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of spawned) child.kill('SIGKILL');
});

/**
 * Starts `loom start` with `env` on a free port of 127.0.0.1 and answers once it listens and
 * /api/health answers 200. Each process gets its own data folder, and a stand-in web app so
 * the start does not build one.
 */
export async function startLoomProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<LoomProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-process-'));
  const uiDir = path.join(dataDir, 'app');
  fs.mkdirSync(uiDir);
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Loom</title>');
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/cli/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOOM_DATA_DIR: dataDir, LOOM_UI_DIR: uiDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    spawned.delete(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const url = await listeningUrl(child, () => output, timeoutMs);
    await healthy(url, Date.now() + timeoutMs, () => output);
    return { url, child, output: () => output, alive: () => child.exitCode === null && child.signalCode === null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The address fastify logs ("Server listening at http://…"). */
function listeningUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`loom start did not listen within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const onData = () => {
      const match = /listening at (http:\/\/[^"\s]+)/.exec(output());
      if (match) done(undefined, match[1]);
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`loom start exited (${code ?? signal}) before listening:\n${output()}`));
    function done(error?: Error, url?: string) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(url!);
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function healthy(url: string, deadline: number, output: () => string) {
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/api/health did not answer 200 in time (last: ${last}):\n${output()}`);
}
