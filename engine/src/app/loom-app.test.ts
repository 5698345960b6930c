import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { configFromEnv } from './config.ts';
import { createLoomApp } from './loom-app.ts';

describeOnEachBackend('Loom app start', (ctx) => {
  it('creates the administrator from LOOM_ADMIN_EMAIL and LOOM_ADMIN_PASSWORD on the first start only', async () => {
    const config = configFromEnv({ LOOM_ADMIN_EMAIL: 'Root@Example.com', LOOM_ADMIN_PASSWORD: 'the first admin password', LOOM_TRUST_PROXY: 'true' });
    const first = await createLoomApp(config, { database: ctx.database, logger: false });
    // Behind a trusted proxy that terminated https, the cookie is marked Secure.
    const headers = { 'x-forwarded-proto': 'https' };
    const res = await first.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { email: 'root@example.com', password: 'the first admin password' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'root@example.com', admin: true });
    expect(res.cookies[0]).toMatchObject({ name: 'loom_session', secure: true, httpOnly: true });
    await first.close();
    const again = await createLoomApp({ ...config, adminEmail: 'other@example.com' }, { database: ctx.database, logger: false });
    const users = await again.server.inject({ url: '/api/users', headers: { cookie: `loom_session=${res.cookies[0].value}` } });
    expect(users.json().data.map((u: { email: string }) => u.email)).toEqual(['root@example.com']);
    await again.close();
  });

  it('refuses to start with a LOOM_ADMIN_PASSWORD shorter than the policy allows', async () => {
    await ctx.database.db.deleteFrom('loom.users').execute();
    await expect(createLoomApp(configFromEnv({ LOOM_ADMIN_PASSWORD: 'short' }), { database: ctx.database, logger: false })).rejects.toThrow(
      /LOOM_ADMIN_PASSWORD: must be at least 10/,
    );
  });
});
