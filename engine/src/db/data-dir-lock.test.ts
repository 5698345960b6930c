import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-lock-'));

/**
 * Each child runs the same trials: wait for the trial's instant (spinning, so both try within
 * microseconds of each other), try the lock on that trial's folder, hold it a while if won (so
 * the other's try surely meets it), release, and report.
 */
const CHILD = `
import readline from 'node:readline';
import { acquireDataDirLock } from ${JSON.stringify(path.join(import.meta.dirname, 'data-dir-lock.ts'))};
const [dirs, spacing] = [JSON.parse(process.argv[2]), Number(process.argv[3])];
console.log('ready');
const start = Number((await readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()).value);
const results = [];
for (let i = 0; i < dirs.length; i++) {
  const at = start + i * spacing;
  while (Date.now() < at);
  let release;
  try { release = acquireDataDirLock(dirs[i]); } catch {}
  results.push(Boolean(release));
  if (release) { while (Date.now() < at + spacing / 2); release(); }
}
console.log(JSON.stringify(results));
`;

function child(script: string, dirs: string[], spacing: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(dirs), String(spacing)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise<void>((resolve) => proc.stdout.on('data', (chunk) => (out += chunk) && out.includes('ready') && resolve()));
  const done = new Promise<boolean[]>((resolve, reject) =>
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`child exited ${code}: ${out}`)))),
  );
  return { proc, ready, done };
}

describe('the data folder lock', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('goes to exactly one of two processes trying in the same instant, 20 times out of 20', async () => {
    const script = path.join(work, 'try-lock.mts');
    fs.writeFileSync(script, CHILD);
    const dirs = Array.from({ length: 20 }, (_, i) => path.join(work, `trial-${i}`, 'db'));
    const spacing = 200;
    const children = [child(script, dirs, spacing), child(script, dirs, spacing)];
    await Promise.all(children.map((c) => c.ready));
    const start = Date.now() + 500;
    for (const c of children) c.proc.stdin.end(`${start}\n`);
    const [a, b] = await Promise.all(children.map((c) => c.done));
    const winners = a.map((won, i) => Number(won) + Number(b[i]));
    expect(winners).toEqual(dirs.map(() => 1));
  }, 60_000);

  it('is refused while its owner lives, taken over from a dead one, and released only by its owner', async () => {
    const dir = path.join(work, 'single', 'db');
    const lockPath = path.join(work, 'single', '.db.lock');
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPath)).toBe(false);

    // A live process other than this one: the parent of this test worker.
    fs.writeFileSync(lockPath, String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.ppid));

    // A pid no process has: stale, taken over.
    const dead = await deadPid();
    fs.writeFileSync(lockPath, String(dead));
    const again = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    again();

    // An empty file names no process: not stale, refused with a way out.
    fs.writeFileSync(lockPath, '');
    expect(() => acquireDataDirLock(dir)).toThrow(/delete that file/);
    fs.rmSync(lockPath);
    expect(fs.readdirSync(path.join(work, 'single'))).toEqual(['db']);
  });
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const proc = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => proc.once('exit', resolve));
  return proc.pid!;
}
