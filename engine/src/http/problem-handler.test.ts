import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { registerProblemHandler } from './problem-handler.ts';

/** A route that fails the way the pg driver reports a PostgreSQL error: an Error with the SQLSTATE in `code`. */
function appFailingWith(sqlState: string) {
  const app = Fastify();
  registerProblemHandler(app);
  app.get('/fail', async () => {
    throw Object.assign(new Error('deadlock detected'), { code: sqlState });
  });
  return app;
}

it('answers a deadlock or serialization failure with 503 and Retry-After, not a 500', async () => {
  for (const sqlState of ['40P01', '40001']) {
    const res = await appFailingWith(sqlState).inject({ url: '/fail' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'LOOM_ERR_DATA_RETRY', status: 503 });
  }
  expect((await appFailingWith('XX000').inject({ url: '/fail' })).statusCode).toBe(500);
});
