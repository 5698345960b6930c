import type { Plugin } from 'vite';

/**
 * Runs a module ahead of the app's own script: `source` (relative to the project root) becomes
 * a script of its own at the top of index.html. It cannot simply be written into the page:
 * Vite builds all of a page's module scripts as one entry, which runs only once the whole
 * app's code has been downloaded. Built, it is an entry of its own (named `name`); in
 * development the page loads the source file. The app may import the same module: it runs
 * once.
 */
export function earlyScript(source: string, name: string): Plugin {
  let base = '/';
  return {
    name: 'loom-early-script',
    config: (_config, env) => (env.command === 'build' ? { build: { rolldownOptions: { input: { index: 'index.html', [name]: source } } } } : undefined),
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const built = ctx.bundle && Object.values(ctx.bundle).find((item) => item.type === 'chunk' && item.isEntry && item.name === name);
        const src = built ? `${base}${built.fileName}` : `${base}${source}`;
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src }, injectTo: 'head-prepend' }];
      },
    },
  };
}
