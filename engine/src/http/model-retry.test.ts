import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { retryOnNewModel } from './model-retry.ts';
import { registerProblemHandler } from './problem-handler.ts';

/** A registry whose published revision the test moves; catchUp brings `current()` to it. */
function fakeRegistry() {
  let served = 1;
  const state = { published: 1, catchUps: 0 };
  const registry = {
    current: () => ({ revision: served }),
    catchUp: async () => {
      state.catchUps++;
      served = state.published;
    },
  } as unknown as MetadataRegistry;
  return { registry, state };
}

const undefinedColumn = () => Object.assign(new Error('column "gone" does not exist'), { code: '42703' });

async function appWith(handler: (run: number) => unknown, registry: MetadataRegistry) {
  const app = Fastify({ logger: false });
  registerProblemHandler(app);
  retryOnNewModel(app, registry);
  // As @fastify/multipart does: the handler reads the body itself.
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null));
  let runs = 0;
  app.post('/thing', async () => handler(++runs));
  await app.ready();
  return { app, runs: () => runs };
}

describe('a request a publish overtook', () => {
  it('is run once more on the new model when the published revision moved, and answers as if it had started then', async () => {
    const { registry, state } = fakeRegistry();
    const { app, runs } = await appWith((run) => {
      if (run === 1) {
        state.published = 2;
        throw undefinedColumn();
      }
      return { ok: true };
    }, registry);
    const res = await app.inject({ method: 'POST', url: '/thing', payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(runs()).toBe(2);
  });

  it('is not run again when the revision did not move: the error is a real one (500)', async () => {
    const { registry } = fakeRegistry();
    const { app, runs } = await appWith(() => {
      throw undefinedColumn();
    }, registry);
    expect((await app.inject({ method: 'POST', url: '/thing', payload: {} })).statusCode).toBe(500);
    expect(runs()).toBe(1);
  });

  it('answers 503 with Retry-After when a second publish overtakes it again, and when its body was a stream', async () => {
    const { registry, state } = fakeRegistry();
    const { app, runs } = await appWith(() => {
      state.published++;
      throw Object.assign(new Error('cached plan must not change result type'), { code: '0A000' });
    }, registry);
    const res = await app.inject({ method: 'POST', url: '/thing', payload: {} });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ code: 'LOOM_ERR_DATA_RETRY' });
    expect(runs()).toBe(2);

    const multipart = await app.inject({ method: 'POST', url: '/thing', payload: '--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(multipart.statusCode).toBe(503);
    expect(runs()).toBe(3);
  });

  it('leaves other errors alone', async () => {
    const { registry, state } = fakeRegistry();
    const { app, runs } = await appWith(() => {
      state.published++;
      throw Object.assign(new Error('duplicate'), { code: '23505' });
    }, registry);
    expect((await app.inject({ method: 'POST', url: '/thing', payload: {} })).statusCode).toBe(500);
    expect(runs()).toBe(1);
    expect(state.catchUps).toBe(0);
  });
});
