import { expect, it } from 'vitest';
import { fixedRoutesDocument } from './openapi-document.ts';

it("builds the fixed routes' OpenAPI document without a database", async () => {
  const doc = (await fixedRoutesDocument()) as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.paths['/api/auth/me'].get.operationId).toBe('auth_me');
  expect(doc.paths['/api/me/views'].post.operationId).toBe('me_views_create');
  // No model: no record routes.
  expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/data/'))).toBe(false);
});
