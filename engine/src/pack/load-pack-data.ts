import fs from 'node:fs';
import path from 'node:path';
import { loomErrors } from '../errors/loom-error.ts';
import type { Actor, RecordService } from '../data/record-service.ts';

interface DataFile {
  entity: string;
  records: Record<string, unknown>[];
}

/**
 * Loads a pack's sample records. Records refer to each other with `{ "ref": "c1" }`,
 * resolved to ids of records created earlier (files load in name order). Each file
 * is one bulk write, so a bad file leaves nothing behind.
 */
export async function loadPackData(records: RecordService, files: readonly string[], actor: Actor): Promise<{ created: number }> {
  const ids = new Map<string, string>();
  let created = 0;
  for (const file of files) {
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile;
    if (!content || typeof content.entity !== 'string' || !Array.isArray(content.records)) {
      throw loomErrors('LOOM_ERR_META_INVALID', [{ path: `${path.basename(file)}#`, message: 'must be {"entity": "...", "records": [...]}' }]);
    }
    const refs = content.records.map((r) => (typeof r.ref === 'string' ? r.ref : undefined));
    const operations = content.records.map((r) => {
      const { ref: _ref, ...data } = r;
      return { op: 'create' as const, data: resolveRefs(data, ids, path.basename(file)) };
    });
    const result = await records.bulk(content.entity, operations, actor);
    result.results.forEach((r, i) => refs[i] && ids.set(refs[i]!, r.id));
    created += result.results.length;
  }
  return { created };
}

function resolveRefs(value: unknown, ids: Map<string, string>, file: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids, file));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (Object.keys(obj).length === 1 && typeof obj.ref === 'string') {
    const id = ids.get(obj.ref);
    if (!id) throw loomErrors('LOOM_ERR_META_INVALID', [{ path: `${file}#`, message: `refers to "${obj.ref}", which no earlier data file defines` }]);
    return id;
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveRefs(v, ids, file)]));
}
