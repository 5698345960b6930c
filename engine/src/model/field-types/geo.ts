import { sql } from 'kysely';
import { partColumn } from '../naming.ts';
import type { FieldType } from './field-type.ts';
import { fail, ok } from './field-type.ts';

const parts = (column: string) => ({ lat: partColumn(column, 'lat'), lng: partColumn(column, 'lng'), address: partColumn(column, 'addr') });

/** A position and its address: `{ "lat": 34.75, "lng": 113.62, "address": "郑州市…" }`. */
export const geoType: FieldType<any> = {
  type: 'geo',
  columns(_def, ctx) {
    const p = parts(ctx.column);
    return [
      { name: p.lat, sqlType: 'double precision', nullable: true, field: ctx.field },
      { name: p.lng, sqlType: 'double precision', nullable: true, field: ctx.field },
      { name: p.address, sqlType: 'text', nullable: true, field: ctx.field },
    ];
  },
  logicType: () => undefined,
  valueSchema: () => ({
    type: ['object', 'null'],
    properties: {
      lat: { type: 'number', minimum: -90, maximum: 90 },
      lng: { type: 'number', minimum: -180, maximum: 180 },
      address: { type: ['string', 'null'], maxLength: 500 },
    },
    required: ['lat', 'lng'],
    additionalProperties: false,
  }),
  toColumns(value, _def, column) {
    const p = parts(column);
    if (value === null) return ok({ [p.lat]: null, [p.lng]: null, [p.address]: null });
    const v = value as { lat?: unknown; lng?: unknown; address?: unknown };
    if (typeof v !== 'object' || Array.isArray(v)) return fail('must be an object with lat, lng and optionally address');
    if (typeof v.lat !== 'number' || v.lat < -90 || v.lat > 90) return fail('lat must be a number between -90 and 90');
    if (typeof v.lng !== 'number' || v.lng < -180 || v.lng > 180) return fail('lng must be a number between -180 and 180');
    if (v.address !== undefined && v.address !== null && (typeof v.address !== 'string' || v.address.length > 500))
      return fail('address must be text of at most 500 characters');
    return ok({ [p.lat]: v.lat, [p.lng]: v.lng, [p.address]: v.address ?? null });
  },
  fromRow(row, _def, column) {
    const p = parts(column);
    if (row[p.lat] === null || row[p.lat] === undefined) return null;
    return { lat: row[p.lat], lng: row[p.lng], address: row[p.address] ?? null };
  },
  jsonSql(_def, column, base) {
    const p = parts(base);
    return sql`case when ${column(p.lat)} is null then null else jsonb_build_object('lat', ${column(p.lat)}, 'lng', ${column(p.lng)}, 'address', ${column(p.address)}) end`;
  },
};
