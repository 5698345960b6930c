import { openDatabase } from '../engine/src/db/database.ts';
import { MetadataRegistry } from '../engine/src/meta/metadata-registry.ts';
import { putAll, thirtyEntityModel } from './models.ts';

export interface PublishTimings {
  entities: number;
  fields: number;
  /** First publish on an empty database (system tables already migrated), ms. */
  firstMs: number;
  /** Publishing the same documents again, ms: every run and their median. */
  republishRunsMs: number[];
  republishMedianMs: number;
  /** Schema steps of the first publish and of a re-publish (must be 0). */
  firstSteps: number;
  republishSteps: number;
}

export const PUBLISH_TARGETS = { firstMs: 3000, republishMs: 300 };

/** Times MetadataRegistry.publish of a 30-entity model on an empty database, then 5 unchanged re-publishes. */
export async function timePublish(url: string, runs = 5): Promise<PublishTimings> {
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    const registry = new MetadataRegistry(database);
    await registry.start();
    const docs = thirtyEntityModel();
    const changes = putAll(docs);
    let started = performance.now();
    const first = await registry.publish(changes);
    const firstMs = performance.now() - started;
    const republishRunsMs: number[] = [];
    let republishSteps = 0;
    for (let i = 0; i < runs; i++) {
      started = performance.now();
      const again = await registry.publish(putAll(structuredClone(docs)));
      republishRunsMs.push(performance.now() - started);
      republishSteps = Math.max(republishSteps, again.plan.steps.length);
    }
    await registry.stop();
    return {
      entities: docs.length,
      fields: docs.reduce((n, d) => n + Object.keys((d as { fields: object }).fields).length, 0),
      firstMs,
      republishRunsMs,
      republishMedianMs: median(republishRunsMs),
      firstSteps: first.plan.steps.length,
      republishSteps,
    };
  } finally {
    await database.close();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
