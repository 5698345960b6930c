import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * PGlite does not lock its data folder: two processes opening it would corrupt it.
 * A lock file holding the owner's pid guards it; a lock left by a dead process is taken over.
 *
 * The lock file appears whole or not at all: the pid is written to a file of this process's
 * own, which is then hard-linked to the lock's name, and a link fails if the name exists. So
 * two processes starting in the same instant cannot both get it, and a reader never sees the
 * file empty. Only a file naming a process that is gone counts as stale.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `.${path.basename(dataDir)}.lock`);
  const mine = `${lockPath}.${process.pid}.${randomUUID()}`;
  fs.writeFileSync(mine, String(process.pid), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (linkIfAbsent(mine, lockPath)) return () => releaseLock(lockPath);
      const owner = readPid(lockPath);
      // Our own pid: a lock left by an earlier run that had the same pid (pid 1 in a container).
      if (owner === process.pid) return () => releaseLock(lockPath);
      if (owner !== undefined && isAlive(owner)) {
        throw new Error(`The data folder ${dataDir} is in use by process ${owner}. Stop it first, or set LOOM_DATA_DIR to another folder.`);
      }
      if (owner !== undefined) removeStale(lockPath, mine, owner);
      // Gone meanwhile, being taken over by another process, or unreadable: look again shortly.
      sleep(10);
    }
    throw new Error(`The data folder ${dataDir} is locked (${lockPath}) by no running process that can be named. If no Loom is using it, delete that file.`);
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function linkIfAbsent(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a lock file whose process is gone. Two processes could both find it stale; if the
 * first removed it and linked its own, the second must not remove that one. So removal runs
 * under a second link-made file, and the lock is read again under it: only the file naming the
 * dead pid is removed.
 */
function removeStale(lockPath: string, mine: string, deadPid: number) {
  const guard = `${lockPath}.takeover`;
  if (!linkIfAbsent(mine, guard)) {
    // A takeover whose process died between its two steps (a crash in microseconds) would block for ever.
    const holder = readPid(guard);
    if (holder !== undefined && holder !== process.pid && !isAlive(holder)) fs.rmSync(guard, { force: true });
    return;
  }
  try {
    if (readPid(lockPath) === deadPid) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function releaseLock(lockPath: string) {
  if (readPid(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
}

/** The pid a lock file names; undefined when it is missing or names none. */
function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
