import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../test/test-app.ts';

describeAppOnEachBackend('security headers', [], (ctx) => {
  it("come with every answer: records, problems, unauthenticated refusals and health, with the API's policy", async () => {
    const answers = [
      await ctx.app.inject({ url: '/api/meta' }),
      await ctx.app.inject({ url: '/api/data/nothing' }),
      await ctx.app.raw.inject({ url: '/api/meta' }),
      await ctx.app.raw.inject({ url: '/api/health' }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 404, 401, 200]);
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        // No answer of the API is a page: opened in a browser, it may load, run and frame nothing.
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });
});
