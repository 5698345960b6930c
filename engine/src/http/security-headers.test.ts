import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../test/test-app.ts';

describeAppOnEachBackend('security headers', [], (ctx) => {
  it('come with every answer: records, problems, unauthenticated refusals and health', async () => {
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
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });
});
