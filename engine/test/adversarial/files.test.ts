import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { mimeAccepted } from '../../src/data/files/file-sniff.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../src/model/compiled-model.ts';
import { DEFAULT_ACCEPT } from '../../src/model/field-types/file.ts';
import type { TestServer, TestUser } from '../test-app.ts';
import { describeWorld, grantOf, ok, PEOPLE, send, type PersonName, type World } from './crm-world.ts';

/**
 * A file is read through the records holding it: `GET /api/files/:id` answers exactly when the
 * caller may read a record holding the file in its field and that field is not hidden from
 * them, and otherwise 404 as for a file that does not exist. Uploads need write access to the
 * field, and a file id the writer may not read cannot be pasted into a record of their own.
 * Generated over every file and image field of the model and every person of the world.
 */

interface Holder {
  readonly entity: CompiledEntity;
  readonly field: CompiledField;
}

// The smallest valid PNG (1×1) and a PDF header: what the upload route sniffs for.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const MISSING = '0190e0e0-0000-7000-8000-00000000f11e';
const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../metadata/packs/crm');

function holders(model: CompiledModel): Holder[] {
  return [...model.entities.values()].flatMap((entity) =>
    entity.fieldList.filter((f) => f.type === 'file' || f.type === 'image').map((field) => ({ entity, field })),
  );
}

/** A small file the field accepts: a PDF where PDFs are taken, else a PNG. */
function sample(h: Holder): { name: string; mime: string; content: Buffer } {
  const accept = (h.field.definition as { accept?: string[] }).accept ?? DEFAULT_ACCEPT[h.field.type as 'file' | 'image'];
  if (h.field.type === 'file' && mimeAccepted('application/pdf', accept)) return { name: '扫描件.pdf', mime: 'application/pdf', content: PDF };
  expect(mimeAccepted('image/png', accept), `${h.entity.name}.${h.field.name} accepts PNG or PDF`).toBe(true);
  return { name: '照片.png', mime: 'image/png', content: PNG };
}

/** Uploads as `user` (the administrator when none), the way a form does (multipart). */
function upload(app: TestServer, h: Holder, user?: TestUser, headers: Record<string, string> = {}) {
  const boundary = '----loomadversarial';
  const file = sample(h);
  const parts = [
    `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${h.entity.name}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\n${h.field.name}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: ${file.mime}\r\n\r\n`,
  ];
  const payload = Buffer.concat([Buffer.from(parts.join('')), file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return app.inject({
    method: 'POST',
    url: '/api/files',
    payload,
    headers: { ...(user?.headers ?? {}), ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function uploaded(app: TestServer, h: Holder, user?: TestUser): Promise<string> {
  const res = await upload(app, h, user);
  expect(res.statusCode, `upload for ${h.entity.name}.${h.field.name}: ${res.body}`).toBe(201);
  return res.json().id;
}

/** Whether the person may upload for the field: create or update some record, with write access to the field. */
const mayUpload = (model: CompiledModel, h: Holder, person: PersonName) => {
  const grant = grantOf(model, h.entity, person);
  return (grant.canCreate || grant.scopes.update.size > 0) && grant.fieldAccess(h.field.name) === 'write';
};

/** A 404 for a file, with the id it names made neutral: two 404s compare equal when they tell the same. */
const neutral = (res: LightMyRequestResponse, id: string) => res.body.replaceAll(id, '<id>');

/**
 * One record per owner (and per no-owner) of the field's entity, each given a fresh file by
 * the administrator, so every person meets files on records inside and outside their scope.
 */
async function attachAcrossOwners(w: World, h: Holder): Promise<{ record: Record<string, unknown>; file: string }[]> {
  const byOwner = new Map<unknown, Record<string, unknown>>();
  for (const record of await w.records(h.entity.name)) if (!byOwner.has(record.owner ?? null)) byOwner.set(record.owner ?? null, record);
  const attached = [];
  for (const record of byOwner.values()) {
    const file = await uploaded(w.app, h);
    await ok(w.app, 'PATCH', `/api/data/${h.entity.name}/${record.id}`, { [h.field.name]: file });
    attached.push({ record, file });
  }
  return attached;
}

/** The person reads the file exactly as the oracle says; a refusal is the missing file's 404, byte for byte. */
async function expectReadExactly(w: World, model: CompiledModel, h: Holder, person: PersonName, record: Record<string, unknown>, file: string) {
  const user = w.users[person];
  const readable =
    (await w.readableIds(h.entity.name, user)).has(record.id as string) && grantOf(model, h.entity, person).fieldAccess(h.field.name) !== 'hidden';
  const res = await send(w.app, 'GET', `/api/files/${file}`, undefined, user);
  const what = `${person} GET the file of ${h.entity.name}.${h.field.name} on ${record.id} (owner ${record.owner})`;
  if (readable) {
    expect(res.statusCode, `${what}: ${res.body}`).toBe(200);
    expect(res.rawPayload.equals(sample(h).content), what).toBe(true);
    return true;
  }
  const missing = await send(w.app, 'GET', `/api/files/${MISSING}`, undefined, user);
  expect(res.statusCode, `${what}: ${res.body}`).toBe(404);
  expect(neutral(res, file), what).toBe(neutral(missing, MISSING));
  expect(res.headers['content-type']).toBe(missing.headers['content-type']);
  return false;
}

/**
 * A body the person may create a record of the entity with: a record they read (or any) with
 * its stored, writable values, each lookup pointed at a target they may read.
 */
async function creatable(w: World, entity: CompiledEntity, user: TestUser): Promise<Record<string, unknown> | undefined> {
  const readable = await w.readableIds(entity.name, user);
  const all = await w.records(entity.name);
  const from = all.find((r) => readable.has(r.id as string)) ?? all[0];
  if (!from) return undefined;
  const body: Record<string, unknown> = {};
  for (const field of entity.fieldList) {
    if (field.system || field.readOnly || !field.columns.length || field.type === 'file' || field.type === 'image' || from[field.name] == null) continue;
    let value = from[field.name];
    if (field.type === 'lookup' && field.target) {
      const targets = await w.readableIds(field.target, user);
      if (!targets.has(value as string)) value = [...targets][0];
      if (value === undefined) {
        if (field.required) return undefined;
        continue;
      }
    }
    body[field.name] = value;
  }
  return body;
}

describeWorld('adversarial: files', (world) => {
  it('the CRM pack has file and image fields to cover (contract and expense attachments, check-in photos)', () => {
    const names = holders(world().model).map((h) => `${h.entity.name}.${h.field.name}`);
    expect(names).toEqual(expect.arrayContaining(['checkIn.photo', 'contract.attachment', 'expense.attachment']));
  });

  it('every person reads a file on a record exactly when they read the record and see the field; otherwise 404 like a missing file', async () => {
    const w = world();
    let checked = 0;
    let refused = 0;
    for (const h of holders(w.model)) {
      const attached = await attachAcrossOwners(w, h);
      expect(attached.length, `${h.entity.name} has sample records`).toBeGreaterThan(0);
      for (const { record, file } of attached) {
        for (const person of PEOPLE) {
          if (!(await expectReadExactly(w, w.model, h, person, record, file))) refused++;
          checked++;
        }
        expect((await send(w.app, 'GET', `/api/files/${file}`)).statusCode, 'the administrator reads every file').toBe(200);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * PEOPLE.length);
    // The scopes of the world leave records outside them: both answers are exercised.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(checked);
  });

  it('a field hidden from a role hides its files on records the role still reads', async () => {
    const w = world();
    // service reads every contract; hide the signed copy from it for this test only.
    const role = JSON.parse(fs.readFileSync(path.join(PACK, 'roles/service.json'), 'utf8'));
    const h = holders(w.model).find((x) => x.entity.name === 'contract' && x.field.name === 'attachment')!;
    const [{ record, file }] = await attachAcrossOwners(w, h);
    expect((await send(w.app, 'GET', `/api/files/${file}`, undefined, w.users.service)).statusCode).toBe(200);
    const hidden = structuredClone(role);
    hidden.entities.contract.fields = { ...hidden.entities.contract.fields, attachment: 'hidden' };
    await ok(w.app, 'POST', '/api/meta/publish', { documents: [hidden] });
    try {
      const model = w.app.loom.registry.current();
      expect(grantOf(model, h.entity, 'service').fieldAccess('attachment')).toBe('hidden');
      expect((await w.readableIds('contract', w.users.service)).has(record.id as string)).toBe(true);
      await expectReadExactly(w, model, h, 'service', record, file);
      expect((await send(w.app, 'GET', `/api/files/${file}`, undefined, w.users.service)).statusCode).toBe(404);
    } finally {
      await ok(w.app, 'POST', '/api/meta/publish', { documents: [role] });
    }
    expect((await send(w.app, 'GET', `/api/files/${file}`, undefined, w.users.service)).statusCode).toBe(200);
  });

  it("an upload is 403 for a person who may not write the field, and one no record holds yet is its uploader's alone", async () => {
    const w = world();
    let forbidden = 0;
    for (const h of holders(w.model)) {
      for (const person of PEOPLE) {
        const user = w.users[person];
        const res = await upload(w.app, h, user);
        const what = `${person} uploads for ${h.entity.name}.${h.field.name}: ${res.body}`;
        if (!mayUpload(w.model, h, person)) {
          expect(res.statusCode, what).toBe(403);
          expect(res.headers['content-type']).toContain('application/problem+json');
          forbidden++;
          continue;
        }
        expect(res.statusCode, what).toBe(201);
        const id = res.json().id as string;
        for (const other of PEOPLE)
          expect((await send(w.app, 'GET', `/api/files/${id}`, undefined, w.users[other])).statusCode, `${other} reads ${person}'s unattached upload`).toBe(
            other === person ? 200 : 404,
          );
      }
    }
    // Finance and service write no contracts, and neither makes check-ins.
    expect(forbidden).toBeGreaterThanOrEqual(4);
  });

  it('a file id the person may not read, pasted into their own record, is 422 exactly like an unknown id; their own upload goes in', async () => {
    const w = world();
    let checked = 0;
    for (const h of holders(w.model)) {
      const attached = await attachAcrossOwners(w, h);
      for (const person of PEOPLE) {
        if (!mayUpload(w.model, h, person)) continue;
        const user = w.users[person];
        const readable = await w.readableIds(h.entity.name, user);
        // Someone else's files: the administrator's on records the person cannot read, and one no record holds yet.
        const foreign = [...attached.filter(({ record }) => !readable.has(record.id as string)).map((a) => a.file), await uploaded(w.app, h)];
        const other = PEOPLE.find((p) => p !== person && mayUpload(w.model, h, p));
        if (other) foreign.push(await uploaded(w.app, h, w.users[other]));
        const own = await uploaded(w.app, h, user);
        const write = await writer(w, h, person);
        expect(write, `${person} can write some ${h.entity.name}`).toBeDefined();
        const unknown = await write!(MISSING);
        expect(unknown.statusCode, unknown.body).toBe(422);
        const pointer = unknown.json().errors.filter((e: { path: string }) => e.path.endsWith(`/${h.field.name}`));
        expect(pointer.length, unknown.body).toBe(1);
        for (const id of foreign) {
          const res = await write!(id);
          expect(res.statusCode, `${person} pastes a foreign file into ${h.entity.name}.${h.field.name}: ${res.body}`).toBe(422);
          expect(res.json().errors).toEqual(unknown.json().errors);
          expect(res.body).toBe(unknown.body);
          checked++;
        }
        const mine = await write!(own);
        expect(mine.statusCode, `${person} attaches their own upload: ${mine.body}`).toBeLessThan(300);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('a file uploaded for another field cannot be attached, even by the one who uploaded it', async () => {
    const w = world();
    const all = holders(w.model);
    const [record] = await w.records(all[0].entity.name);
    const elsewhere = await uploaded(
      w.app,
      all.find((h) => h.entity !== all[0].entity)!,
    );
    const res = await send(w.app, 'PATCH', `/api/data/${all[0].entity.name}/${record.id}`, { [all[0].field.name]: elsewhere });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([`/${all[0].field.name}`]);
  });
});

/**
 * How the person puts a file id into a record of their own: a PATCH of one they may update,
 * or, for a role that may only create (sales' check-ins), a new record.
 */
async function writer(w: World, h: Holder, person: PersonName): Promise<((file: string) => Promise<LightMyRequestResponse>) | undefined> {
  const user = w.users[person];
  if (grantOf(w.model, h.entity, person).scopes.update.size > 0) {
    const mine = (await w.records(h.entity.name)).filter((r) => r.owner === user.id);
    const readable = await w.readableIds(h.entity.name, user);
    for (const record of [...mine, ...(await w.records(h.entity.name)).filter((r) => readable.has(r.id as string))]) {
      const patch = (file: string) => send(w.app, 'PATCH', `/api/data/${h.entity.name}/${record.id}`, { [h.field.name]: file }, user);
      const probe = await patch(MISSING);
      if (probe.statusCode === 422) return patch;
    }
  }
  if (!grantOf(w.model, h.entity, person).canCreate) return undefined;
  const body = await creatable(w, h.entity, user);
  if (!body) return undefined;
  return (file) => send(w.app, 'POST', `/api/data/${h.entity.name}`, { ...body, [h.field.name]: file }, user);
}
