import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../../test/test-app.ts';

const shipment = {
  kind: 'entity', name: 'shipment', label: 'Shipment', titleField: 'ref',
  fields: {
    ref: { type: 'text', required: true },
    parcels: { type: 'lines', entity: 'parcel', via: 'shipment' },
    weight: { type: 'rollup', entity: 'parcel', via: 'shipment', fn: 'sum', field: 'kg' },
  },
};
const parcel = {
  kind: 'entity', name: 'parcel', label: 'Parcel', titleField: 'label',
  fields: {
    shipment: { type: 'lookup', entity: 'shipment', required: true, onDelete: 'cascade' },
    label: { type: 'text', required: true },
    kg: { type: 'number', required: true, min: 0 },
  },
  unique: [['shipment', 'label']],
};
/** Lines whose deleted rows are kept (soft delete): those are gone for the client. */
const crate = {
  kind: 'entity', name: 'crate', label: 'Crate', titleField: 'ref',
  fields: { ref: { type: 'text', required: true }, bottles: { type: 'lines', entity: 'bottle', via: 'crate' } },
};
const bottle = {
  kind: 'entity', name: 'bottle', label: 'Bottle', titleField: 'label', softDelete: true,
  fields: { crate: { type: 'lookup', entity: 'crate', required: true, onDelete: 'cascade' }, label: { type: 'text', required: true } },
};

type Row = { id: string; label: string; kg: number; version: number };

describeAppOnEachBackend('lines rows by id', [shipment, parcel, crate, bottle], (ctx) => {
  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => ctx.app.inject({ method, url, payload: payload as Record<string, unknown> });
  const ok = async (response: ReturnType<typeof send>, status = 200) => {
    const res = await response;
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  /** Every parcel of a shipment, following the related list's pages. */
  const parcels = async (id: string): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Row[]; next: string | null } = await ok(send('GET', `/api/data/shipment/${id}/related/parcel.shipment?limit=500&sort=label${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      rows.push(...page.data);
      cursor = page.next;
    } while (cursor);
    return rows;
  };
  const label = (i: number) => `P${String(i).padStart(4, '0')}`;
  const bigShipment = async (ref: string, count: number) => {
    const body = { ref, parcels: Array.from({ length: count }, (_, i) => ({ label: label(i), kg: 1 })) };
    return (await ok(send('POST', '/api/data/shipment', body), 201)) as { id: string; version: number; weight: number };
  };

  it('refuses a set of rows that leaves existing rows out (409) and writes nothing', async () => {
    const created = await bigShipment('S-600', 600);
    expect(created.weight).toBe(600);
    const rows = await parcels(created.id);
    expect(rows).toHaveLength(600);

    // What a client that read only the first page of 500 would send, with one row edited.
    const firstPage = rows.slice(0, 500).map((r, i) => (i === 0 ? { id: r.id, kg: 5 } : { id: r.id }));
    const res = await send('PATCH', `/api/data/shipment/${created.id}`, { ref: 'S-600 edited', parcels: firstPage });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('LOOM_ERR_DATA_LINES_INCOMPLETE');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0].path).toBe('/parcels');
    expect(problem.errors[0].message).toContain('100 existing rows');
    // The first few left-out ids, in id order, are named.
    expect(problem.errors[0].message).toContain(rows.slice(500).map((r) => r.id).sort()[0]);
    expect(problem.errors[0].message).toContain('"$delete": true');

    const after = await parcels(created.id);
    expect(after).toHaveLength(600);
    expect(after[0].kg).toBe(1);
    expect((await ok(send('GET', `/api/data/shipment/${created.id}`))).ref).toBe('S-600');
  });

  it('deletes the rows marked $delete, keeps rows sent by id alone and updates rows sent with fields', async () => {
    const created = await bigShipment('S-599', 600);
    const rows = await parcels(created.id);
    const body = rows.map((r, i) => (i === 7 ? { id: r.id, $delete: true } : i === 8 ? { id: r.id, kg: 2.5 } : { id: r.id }));
    // The new row takes the deleted row's label: deletes run first, so the unique pair is free.
    body.push({ label: label(7), kg: 3 } as never);
    const patched = await ok(send('PATCH', `/api/data/shipment/${created.id}`, { parcels: body }));
    expect(patched.weight).toBe(600 - 1 + 1.5 + 3);

    const after = await parcels(created.id);
    expect(after).toHaveLength(600);
    expect(after.some((r) => r.id === rows[7].id)).toBe(false);
    expect(after.find((r) => r.id === rows[8].id)).toMatchObject({ kg: 2.5, version: 2 });
    // A row sent as its id alone is not written: no new version, no history entry.
    expect(after.find((r) => r.id === rows[9].id)).toMatchObject({ kg: 1, version: 1 });
    expect((await ok(send('GET', `/api/data/parcel/${rows[9].id}/history`))).data).toHaveLength(1);

    const again = await parcels(created.id);
    const minusOne = again.map((r, i) => (i === 0 ? { id: r.id, $delete: true } : { id: r.id }));
    await ok(send('PATCH', `/api/data/shipment/${created.id}`, { parcels: minusOne }));
    expect(await parcels(created.id)).toHaveLength(599);
  });

  it('refuses a stale client that misses a row someone else added', async () => {
    const created = await bigShipment('S-stale', 3);
    const seen = await parcels(created.id);
    // Someone else adds a parcel to the shipment directly: the shipment's version does not move.
    await ok(send('POST', '/api/data/parcel', { shipment: created.id, label: 'late', kg: 4 }), 201);

    const res = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: seen.map((r, i) => (i === 0 ? { id: r.id, $delete: true } : { id: r.id, kg: 9 })) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('LOOM_ERR_DATA_LINES_INCOMPLETE');
    expect(res.json().errors[0].message).toContain('1 existing row');
    const after = await parcels(created.id);
    expect(after.map((r) => r.label)).toEqual([label(0), label(1), label(2), 'late']);
    expect(after.every((r) => r.kg !== 9)).toBe(true);
  });

  it('points at each bad row: fields beside $delete, $delete without id, a row named twice, an unknown id', async () => {
    const created = await bigShipment('S-bad', 2);
    const [a, b] = await parcels(created.id);
    const beside = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: [{ id: a.id, $delete: true, kg: 3 }, { id: b.id }] });
    expect(beside.statusCode, beside.body).toBe(422);
    expect(beside.json().errors).toEqual([{ path: '/parcels/0/kg', message: 'a row with "$delete" holds only the "id" of the row to delete' }]);

    const noId = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: [{ $delete: true }, { id: a.id }, { id: b.id }] });
    expect(noId.statusCode, noId.body).toBe(422);
    expect(noId.json().errors).toEqual([{ path: '/parcels/0/id', message: '"id" is required' }]);

    const notTrue = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: [{ id: a.id, $delete: false }, { id: b.id }] });
    expect(notTrue.statusCode, notTrue.body).toBe(422);
    expect(notTrue.json().errors.map((e: { path: string }) => e.path)).toEqual(['/parcels/0/$delete']);

    const twice = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: [{ id: a.id }, { id: b.id }, { id: a.id, $delete: true }] });
    expect(twice.statusCode, twice.body).toBe(422);
    expect(twice.json().errors).toEqual([{ path: '/parcels/2/id', message: 'names the same row as /parcels/0' }]);

    const other = (await parcels((await bigShipment('S-other', 1)).id))[0];
    const foreign = await send('PATCH', `/api/data/shipment/${created.id}`, { parcels: [{ id: a.id }, { id: b.id }, { id: other.id, $delete: true }] });
    expect(foreign.statusCode, foreign.body).toBe(422);
    expect(foreign.json().errors).toEqual([{ path: '/parcels/2/id', message: 'is not a row of this shipment' }]);
    expect(await parcels(created.id)).toHaveLength(2);
  });

  it('applies the same rules to lines in a bulk update, pointing into the operation', async () => {
    const created = await bigShipment('S-bulk', 2);
    const [a, b] = await parcels(created.id);
    const res = await send('POST', '/api/data/shipment/bulk', { operations: [{ op: 'update', id: created.id, data: { parcels: [{ id: a.id, kg: 7 }] } }] });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().errors[0].path).toBe('/operations/0/data/parcels');
    await ok(send('POST', '/api/data/shipment/bulk', { operations: [{ op: 'update', id: created.id, data: { parcels: [{ id: a.id, kg: 7 }, { id: b.id, $delete: true }] } }] }));
    expect((await parcels(created.id)).map((r) => [r.id, r.kg])).toEqual([[a.id, 7]]);
  });

  it('does not ask for rows already deleted in an entity that keeps them', async () => {
    const created = await ok(send('POST', '/api/data/crate', { ref: 'C1', bottles: [{ label: 'red' }, { label: 'white' }] }), 201);
    const list = async () => (await ok(send('GET', `/api/data/crate/${created.id}/related/bottle.crate?sort=label`))).data as { id: string; label: string }[];
    const [red, white] = await list();
    await ok(send('PATCH', `/api/data/crate/${created.id}`, { bottles: [{ id: red.id, $delete: true }, { id: white.id }] }));
    expect((await list()).map((r) => r.label)).toEqual(['white']);
    // The deleted bottle is still stored, but a client cannot see it and need not name it.
    await ok(send('PATCH', `/api/data/crate/${created.id}`, { bottles: [{ id: white.id }, { label: 'rosé' }] }));
    expect((await list()).map((r) => r.label)).toEqual(['rosé', 'white']);
  });
});
