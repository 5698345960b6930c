import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../test/test-app.ts';

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1) ?? [];

describeAppOnEachBackend('the API reference at /api/docs', [], (ctx) => {
  it('answers a page, to anyone, whose scripts all come from this origin and that its policy allows', async () => {
    const page = await ctx.app.raw.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/api/openapi.json');
    const policy = String(page.headers['content-security-policy']);
    const scriptSources = directive(policy, 'script-src');
    expect(scriptSources[0]).toBe("'self'");
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      const src = /\bsrc\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
      if (src === undefined) {
        expect(scriptSources).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
        continue;
      }
      // Relative to the page or to this origin: never another host, nor a protocol-relative URL.
      expect(src, src).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
      const script = await ctx.app.raw.inject({ url: new URL(src, 'http://loom.test/api/docs/').pathname });
      expect(script.statusCode, src).toBe(200);
      expect(script.headers['content-type']).toContain('javascript');
    }
    // Nothing in the policy names another host.
    for (const source of policy.split('; ').flatMap((d) => d.split(' ').slice(1))) expect(source, source).toMatch(/^'|^(data|blob):$/);
    expect(directive(policy, 'connect-src')).toEqual(["'self'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
  });

  it("sends /api/docs to the page, and keeps the API's own policy everywhere else", async () => {
    const bare = await ctx.app.raw.inject({ url: '/api/docs' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/api/docs/');
    const health = await ctx.app.raw.inject({ url: '/api/health' });
    expect(health.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
