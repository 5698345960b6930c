import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';
import { dealEntity } from '../../../test/fixtures/permission-model.ts';

/** Deals from the permission fixture with files: a contract, a scan some readers may not see, a stamp dealers may only read. */
const deal = {
  ...dealEntity,
  softDelete: true,
  fields: { ...dealEntity.fields, contract: { type: 'file', accept: ['application/pdf'] }, scan: { type: 'image' }, stamp: { type: 'image' } },
};
const memo = { kind: 'entity', name: 'memo', label: 'Memo', titleField: 'title', fields: { title: { type: 'text' }, attachment: { type: 'file' } } };
const roles = [
  { kind: 'role', name: 'dealer', label: 'Dealer', entities: { deal: { read: 'own', create: true, update: 'own', delete: 'own', fields: { stamp: 'read' } } } },
  { kind: 'role', name: 'auditor', label: 'Auditor', entities: { deal: { read: 'all', fields: { scan: 'hidden' } }, memo: { read: 'all' } } },
];

const PDF = Buffer.from('%PDF-1.4 contract');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describeAppOnEachBackend('file access', [deal, memo, ...roles], (ctx) => {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>, user?: TestUser) =>
    ctx.app.inject({ method, url, payload, headers: user?.headers });
  const ok = async (response: ReturnType<typeof send>, status = 200) => {
    const res = await response;
    expect(res.statusCode, res.body).toBe(status);
    return status === 204 ? undefined : res.json();
  };
  /** A multipart upload as `user` (the administrator when none). */
  const upload = (entity: string, field: string, user?: TestUser, content: Buffer = PDF, type = 'application/pdf') => {
    const boundary = '----loomfiles';
    const head = [
      `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${entity}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\n${field}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: ${type}\r\n\r\n`,
    ].join('');
    const payload = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { ...user?.headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const uploaded = async (entity: string, field: string, user?: TestUser, content?: Buffer, type?: string): Promise<string> => (await ok(upload(entity, field, user, content, type), 201)).id;
  /** The status of a download of the file as `user`; a refused one must look exactly like a missing one. */
  const download = async (id: string, user?: TestUser) => {
    const res = await send('GET', `/api/files/${id}`, undefined, user);
    if (res.statusCode === 404) expect(res.json()).toMatchObject({ code: 'LOOM_ERR_HTTP_NOT_FOUND', detail: `No file with id "${id}".` });
    return res.statusCode;
  };
  const users = async () => ({
    ann: await createTestUser(ctx.app, { roles: ['dealer'], teams: ['red'] }),
    bob: await createTestUser(ctx.app, { roles: ['dealer'], teams: ['blue'] }),
    ada: await createTestUser(ctx.app, { roles: ['auditor'] }),
  });

  it('reads a file through a readable record holding it in a field the reader sees; nobody else, whatever the id', async () => {
    const { ann, bob, ada } = await users();
    const contract = await uploaded('deal', 'contract', ann);
    const scan = await uploaded('deal', 'scan', ann, PNG, 'image/png');
    const record = await ok(send('POST', '/api/data/deal', { name: 'Ann deal', contract, scan }, ann), 201);

    expect(await download(contract, ann)).toBe(200);
    expect(await download(scan, ann)).toBe(200);
    // Bob, in another team, reads his own deals only: her files are not found, like a missing one.
    expect(await download(contract, bob)).toBe(404);
    expect(await download(scan, bob)).toBe(404);
    expect(await download('0190a0a0-0000-7000-8000-000000000000', bob)).toBe(404);
    // Ada reads every deal, but not the scan field.
    expect(await download(contract, ada)).toBe(200);
    expect(await download(scan, ada)).toBe(404);
    expect(await download(contract)).toBe(200);
    expect(await download(scan)).toBe(200);

    // The read predicate decides, so a record shared with Bob brings its files.
    await ok(send('POST', `/api/data/deal/${record.id}/shares`, { user: bob.id, access: 'read' }, ann), 201);
    expect(await download(contract, bob)).toBe(200);

    // A soft-deleted record is read in the deleted list under the read scope, its files too.
    await ok(send('DELETE', `/api/data/deal/${record.id}`, undefined, ann), 204);
    expect(await download(contract, ann)).toBe(200);
    expect(await download(contract, ada)).toBe(200);
    expect(await download(scan, ada)).toBe(404);
  });

  it('keeps an upload not attached to any record to its uploader (and administrators); once attached it follows the record', async () => {
    const { ann, bob, ada } = await users();
    const loose = await uploaded('deal', 'contract', ann);
    expect(await download(loose, ann)).toBe(200);
    expect(await download(loose, bob)).toBe(404);
    // Ada reads every deal, yet no deal holds this file.
    expect(await download(loose, ada)).toBe(404);
    expect(await download(loose)).toBe(200);

    // Attached to a record Ann then gives to Bob, the file is Bob's to read and no longer Ann's.
    const record = await ok(send('POST', '/api/data/deal', { name: 'Moving deal', contract: loose }, ann), 201);
    await ok(send('POST', '/api/data/deal/transfer', { ids: [record.id], owner: bob.id }));
    expect(await download(loose, bob)).toBe(200);
    expect(await download(loose, ann)).toBe(404);
  });

  it('checks a file uploaded before files recorded their field against every file field', async () => {
    const { ann, bob, ada } = await users();
    const contract = await uploaded('deal', 'contract', ann);
    await ok(send('POST', '/api/data/deal', { name: 'Old deal', contract }, ann), 201);
    await sql`update loom.files set entity = null, field = null where id = ${contract}::uuid`.execute(ctx.test.database.db);
    expect(await download(contract, ann)).toBe(200);
    expect(await download(contract, ada)).toBe(200);
    expect(await download(contract, bob)).toBe(404);
  });

  it('refuses uploads for a field the caller may not write (403), and names an unknown entity or field', async () => {
    const { bob, ada } = await users();
    const refused = async (entity: string, field: string, user: TestUser, status: number, code: string, path: string) => {
      const res = await upload(entity, field, user);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code, errors: [{ path }] });
    };
    // Ada may read deals and memos but neither create nor update any.
    await refused('deal', 'contract', ada, 403, 'LOOM_ERR_AUTH_ACTION_FORBIDDEN', '/entity');
    await refused('memo', 'attachment', ada, 403, 'LOOM_ERR_AUTH_ACTION_FORBIDDEN', '/entity');
    // Bob may write deals, but the stamp only read.
    await refused('deal', 'stamp', bob, 403, 'LOOM_ERR_AUTH_FIELD_FORBIDDEN', '/field');
    await refused('nothing', 'contract', bob, 404, 'LOOM_ERR_DATA_UNKNOWN_ENTITY', '/entity');
    await refused('deal', 'name', bob, 400, 'LOOM_ERR_HTTP_BAD_REQUEST', '/field');
    await refused('deal', 'missing', bob, 400, 'LOOM_ERR_HTTP_BAD_REQUEST', '/field');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from loom.files where created_by in (${bob.id}::uuid, ${ada.id}::uuid)`.execute(ctx.test.database.db);
    expect(rows[0].n).toBe(0);
  });

  it('writes a file field only with a file the writer uploaded, the record holds, or the writer may read', async () => {
    const { ann, bob } = await users();
    const annFile = await uploaded('deal', 'contract', ann);
    const annRecord = await ok(send('POST', '/api/data/deal', { name: 'Ann deal', contract: annFile }, ann), 201);
    const annLoose = await uploaded('deal', 'contract', ann);
    const bobRecord = await ok(send('POST', '/api/data/deal', { name: 'Bob deal' }, bob), 201);
    const refused = async (response: ReturnType<typeof send>, message: RegExp) => {
      const res = await response;
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'LOOM_ERR_DATA_VALIDATION', errors: [{ path: '/contract', message: expect.stringMatching(message) }] });
    };

    // Bob pastes Ann's file ids into his own records, to read them through those: refused like an unknown id.
    await refused(send('POST', '/api/data/deal', { name: 'Stolen', contract: annFile }, bob), /^no file has this id$/);
    await refused(send('PATCH', `/api/data/deal/${bobRecord.id}`, { contract: annFile }, bob), /^no file has this id$/);
    await refused(send('PATCH', `/api/data/deal/${bobRecord.id}`, { contract: annLoose }, bob), /^no file has this id$/);
    await refused(send('PATCH', `/api/data/deal/${bobRecord.id}`, { contract: '0190a0a0-0000-7000-8000-000000000000' }, bob), /^no file has this id$/);
    expect(await download(annFile, bob)).toBe(404);

    // A file is used in the field it was uploaded for.
    const scan = await uploaded('deal', 'scan', bob, PNG, 'image/png');
    await refused(send('PATCH', `/api/data/deal/${bobRecord.id}`, { contract: scan }, bob), /uploaded for deal\.scan/);

    // Sending back the file the record holds is fine, and so is a file the writer may read.
    await ok(send('PATCH', `/api/data/deal/${annRecord.id}`, { name: 'Ann deal, renamed', contract: annFile }, ann));
    await ok(send('POST', '/api/data/deal', { name: 'Ann copy', contract: annFile }, ann), 201);
    await ok(send('POST', `/api/data/deal/${annRecord.id}/shares`, { user: bob.id, access: 'read' }, ann), 201);
    await ok(send('PATCH', `/api/data/deal/${bobRecord.id}`, { contract: annFile }, bob));
    // The administrator reads every file, but still in its own field only.
    await ok(send('POST', '/api/data/deal', { name: 'Admin copy', contract: annLoose }), 201);
    await refused(send('POST', '/api/data/deal', { name: 'Admin misfiled', contract: scan }), /uploaded for deal\.scan/);
  });
});
