import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type WebAppBuild = 'present' | 'built' | 'skipped' | 'failed';

export interface WebAppBuildOptions {
  /** The checkout holding the runtime-ui workspace. */
  readonly repoRoot: string;
  /** Where the server looks for the built app (index.html). */
  readonly uiDir: string;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * Builds the web app (`npm run build --workspace runtime-ui`) when its index.html is missing
 * and the workspace has a build script. Never throws: a failed build is logged and the
 * API keeps running (the server answers /app/ with a page saying the app is not built).
 */
export function buildWebAppIfMissing(opts: WebAppBuildOptions): { done: Promise<WebAppBuild>; cancel(): void } {
  if (fs.existsSync(path.join(opts.uiDir, 'index.html'))) return settled('present');
  const workspace = path.join(opts.repoRoot, 'runtime-ui');
  if (!hasBuildScript(path.join(workspace, 'package.json'))) {
    opts.log.warn({ workspace }, 'the web app is not built and runtime-ui has no build script; serving the API only');
    return settled('skipped');
  }
  if (path.resolve(opts.uiDir) !== path.join(workspace, 'dist')) {
    opts.log.warn({ uiDir: opts.uiDir }, 'the web app folder (LOOM_UI_DIR) has no index.html; not building into a folder runtime-ui does not build to');
    return settled('skipped');
  }
  const started = Date.now();
  opts.log.info({ workspace }, 'building the web app (npm run build --workspace runtime-ui)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', 'build', '--workspace', 'runtime-ui'], { cwd: opts.repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise<WebAppBuild>((resolve) => {
    child.on('error', (error) => {
      opts.log.warn({ err: error }, 'could not run the web app build; serving the API only');
      resolve('failed');
    });
    child.on('close', (code) => {
      if (code === 0 && fs.existsSync(path.join(opts.uiDir, 'index.html'))) {
        opts.log.info({ ms: Date.now() - started }, 'built the web app');
        resolve('built');
      } else {
        opts.log.warn({ code, output: output.trim() }, 'the web app build failed; serving the API only');
        resolve('failed');
      }
    });
  });
  return { done, cancel: () => void (child.exitCode === null && child.kill()) };
}

function settled(result: WebAppBuild) {
  return { done: Promise.resolve(result), cancel() {} };
}

function hasBuildScript(packageJson: string): boolean {
  try {
    const scripts = (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { scripts?: Record<string, unknown> }).scripts;
    return typeof scripts?.build === 'string' && scripts.build.length > 0;
  } catch {
    return false;
  }
}
