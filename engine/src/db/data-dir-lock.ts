import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite does not lock its data folder: two processes opening it would corrupt it.
 * A lock file holding the owner's pid guards it; a lock left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `.${path.basename(dataDir)}.lock`);
  try {
    fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(fs.readFileSync(lockPath, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(`The data folder ${dataDir} is in use by process ${owner}. Stop it first, or set LOOM_DATA_DIR to another folder.`);
    }
    fs.writeFileSync(lockPath, String(process.pid));
  }
  return () => fs.rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
