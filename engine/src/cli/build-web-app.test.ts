import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebAppIfMissing } from './build-web-app.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

/** A checkout with a runtime-ui workspace whose build script is `script` (none when undefined). */
function checkout(script?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-build-'));
  folders.push(root);
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', private: true, workspaces: ['runtime-ui'] }));
  fs.mkdirSync(path.join(root, 'runtime-ui'));
  fs.writeFileSync(path.join(root, 'runtime-ui', 'package.json'), JSON.stringify({ name: 'ui', private: true, scripts: script ? { build: script } : {} }));
  return root;
}

function logger() {
  const lines: string[] = [];
  return { lines, log: { info: (_o: object, m: string) => void lines.push(`info ${m}`), warn: (_o: object, m: string) => void lines.push(`warn ${m}`) } };
}

describe('building the web app on start', () => {
  it('does nothing when index.html is there', async () => {
    const root = checkout('exit 1');
    fs.mkdirSync(path.join(root, 'runtime-ui', 'dist'));
    fs.writeFileSync(path.join(root, 'runtime-ui', 'dist', 'index.html'), 'ok');
    const { log } = logger();
    expect(await buildWebAppIfMissing({ repoRoot: root, uiDir: path.join(root, 'runtime-ui', 'dist'), log }).done).toBe('present');
  });

  it('skips, with a warning, when runtime-ui has no build script or the folder is elsewhere', async () => {
    const root = checkout();
    const { log, lines } = logger();
    expect(await buildWebAppIfMissing({ repoRoot: root, uiDir: path.join(root, 'runtime-ui', 'dist'), log }).done).toBe('skipped');
    const other = checkout('node -e 0');
    expect(await buildWebAppIfMissing({ repoRoot: other, uiDir: path.join(other, 'elsewhere'), log }).done).toBe('skipped');
    expect(lines.every((l) => l.startsWith('warn'))).toBe(true);
  });

  it('runs the build script and reports a build that worked or failed', async () => {
    const root = checkout(`node -e "require('fs').mkdirSync('dist');require('fs').writeFileSync('dist/index.html','built')"`);
    const uiDir = path.join(root, 'runtime-ui', 'dist');
    const { log, lines } = logger();
    expect(await buildWebAppIfMissing({ repoRoot: root, uiDir, log }).done).toBe('built');
    expect(fs.readFileSync(path.join(uiDir, 'index.html'), 'utf8')).toBe('built');
    expect(lines).toEqual(['info building the web app (npm run build --workspace runtime-ui)', 'info built the web app']);
    const broken = checkout('node -e "process.exit(3)"');
    const failed = logger();
    expect(await buildWebAppIfMissing({ repoRoot: broken, uiDir: path.join(broken, 'runtime-ui', 'dist'), log: failed.log }).done).toBe('failed');
    expect(failed.lines.at(-1)).toBe('warn the web app build failed; serving the API only');
  }, 60_000);
});
