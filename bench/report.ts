import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.ts';
import { PUBLISH_TARGETS, type PublishTimings } from './publish-timing.ts';

/** Engine against the hand-written server. */
export const TARGETS = { throughputRatioMin: 0.8, p99RatioMax: 2.0 };
/** The engine as a `team`-scoped salesperson against the same engine as an administrator (no row predicate). */
export const SCOPE_TARGETS = { throughputRatioMin: 0.85, p99RatioMax: 2.0 };

export type Targets = typeof TARGETS;
/** The engine's bulk route on the pack's customer: records created per second (pack-bulk). */
export const BULK_RECORDS_PER_SECOND = 5000;
/** The pack's search at 100,000 customers: p99 at most this, whatever the ratio. */
export const PACK_SEARCH_P99_MS = 100;

export interface ScenarioReport {
  key: string;
  title: string;
  order: string[];
  /** What is measured ("engine", "team scope") and what it is measured against ("baseline", "admin"). */
  labels: { subject: string; reference: string };
  subject: LoadResult;
  reference: LoadResult;
  targets: Targets;
  throughputRatio: number;
  p99Ratio: number;
  throughputPass: boolean;
  p99Pass: boolean;
  /** No non-2xx, error or timeout during either load. */
  clean: boolean;
  rowsChecked: number[];
  /** Records each request writes (bulk scenarios). */
  recordsPerRequest?: number;
  sameAnswers: boolean;
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; loadAvgAtStart: number; node: string; postgres: string };
  settings: { seconds: number; rounds: number; warmupSeconds: number; connections: number; poolSize: number; deals: number; orgs: number; customers?: number };
  setup: { dealModelPublishMs: number; loadMs: number; indexMs: number; analyzeMs: number };
  publish: PublishTimings & { firstPass: boolean; republishPass: boolean; targets: typeof PUBLISH_TARGETS };
  scenarios: ScenarioReport[];
  targets: { engine: Targets; scope: Targets };
}

export function scenarioReport(base: Omit<ScenarioReport, 'throughputRatio' | 'p99Ratio' | 'throughputPass' | 'p99Pass' | 'clean'>): ScenarioReport {
  const throughputRatio = base.subject.reqPerSec / base.reference.reqPerSec;
  const p99Ratio = base.subject.latencyP99Ms / Math.max(base.reference.latencyP99Ms, 0.001);
  const dirty = (r: LoadResult) => r.non2xx > 0 || r.errors > 0;
  return {
    ...base,
    throughputRatio,
    p99Ratio,
    throughputPass: throughputRatio >= base.targets.throughputRatioMin,
    p99Pass: p99Ratio <= base.targets.p99RatioMax,
    clean: !dirty(base.subject) && !dirty(base.reference),
  };
}

const mark = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const num = (v: number, digits = 0) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function formatScenario(s: ScenarioReport): string {
  const [a, b, t] = [s.subject, s.reference, s.targets];
  const rows = [
    ['metric', s.labels.subject, s.labels.reference, 'ratio', 'target', 'result'],
    ['req/s', num(a.reqPerSec), num(b.reqPerSec), num(s.throughputRatio, 2), `≥ ${t.throughputRatioMin}`, mark(s.throughputPass)],
    ...(s.recordsPerRequest
      ? [
          [
            'records/s',
            num(a.reqPerSec * s.recordsPerRequest),
            num(b.reqPerSec * s.recordsPerRequest),
            '',
            `≥ ${num(BULK_RECORDS_PER_SECOND)}`,
            mark(a.reqPerSec * s.recordsPerRequest >= BULK_RECORDS_PER_SECOND),
          ],
        ]
      : []),
    ['p99 latency (ms)', num(a.latencyP99Ms, 2), num(b.latencyP99Ms, 2), num(s.p99Ratio, 2), `≤ ${t.p99RatioMax}`, mark(s.p99Pass)],
    ...(s.key === 'pack-search'
      ? [['p99 latency (ms), absolute', num(a.latencyP99Ms, 2), '', '', `≤ ${PACK_SEARCH_P99_MS}`, mark(a.latencyP99Ms <= PACK_SEARCH_P99_MS)]]
      : []),
    ['p50 latency (ms)', num(a.latencyP50Ms, 2), num(b.latencyP50Ms, 2), num(a.latencyP50Ms / Math.max(b.latencyP50Ms, 0.001), 2), '', ''],
    ['req/s per round', a.roundsReqPerSec.map((v) => num(v)).join(' / '), b.roundsReqPerSec.map((v) => num(v)).join(' / '), '', '', ''],
    ['requests', num(a.requests), num(b.requests), '', '', ''],
    ['non-2xx / errors', `${a.non2xx} / ${a.errors}`, `${b.non2xx} / ${b.errors}`, '', '0', mark(s.clean)],
  ];
  const checks = `rows checked before load: ${JSON.stringify(s.rowsChecked)}; same answers: ${s.sameAnswers ? 'yes' : 'no'}; run order: ${s.order.join(' → ')}`;
  return [`### ${s.key}: ${s.title}`, '', table(rows), '', checks, ...(s.note ? [`note: ${s.note}`] : [])].join('\n');
}

export function formatPublish(p: BenchReport['publish']): string {
  const rows = [
    ['publish (30 entities, ' + p.fields + ' fields)', 'ms', 'target', 'result'],
    [`first, empty database (${p.firstSteps} DDL steps)`, num(p.firstMs), `≤ ${p.targets.firstMs}`, mark(p.firstPass)],
    [
      `unchanged re-publish, median of ${p.republishRunsMs.length} (${p.republishSteps} steps)`,
      num(p.republishMedianMs),
      `≤ ${p.targets.republishMs}`,
      mark(p.republishPass),
    ],
  ];
  return ['### publish', '', table(rows), '', `re-publish runs (ms): ${p.republishRunsMs.map((v) => num(v)).join(', ')}`].join('\n');
}

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const head = [
    `## Loom benchmark — ${r.startedAt}`,
    '',
    `${m.cpus} × ${m.cpuModel}, ${num(m.memoryGiB, 1)} GiB, Node ${m.node}, ${m.postgres}; load average at start ${num(m.loadAvgAtStart, 2)}`,
    `${num(r.settings.deals)} deals / ${num(r.settings.orgs)} orgs; ${r.settings.connections} connections; ${r.settings.seconds} s per scenario per server in ${r.settings.rounds} alternating round(s), after ${r.settings.warmupSeconds} s warm-up each; pool ${r.settings.poolSize}`,
    `setup: deal model published in ${num(r.setup.dealModelPublishMs)} ms, rows loaded in ${num(r.setup.loadMs)} ms, indexes built in ${num(r.setup.indexMs)} ms, vacuum/analyze ${num(r.setup.analyzeMs)} ms`,
  ];
  return [...head, '', formatPublish(r.publish), '', ...r.scenarios.map(formatScenario).flatMap((s) => [s, ''])].join('\n');
}

export function writeReport(r: BenchReport, file = fileURLToPath(new URL('./results/latest.json', import.meta.url))): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
