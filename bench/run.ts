/**
 * `npm run bench`: the Loom engine against a hand-written fastify + pg server on
 * the same PostgreSQL data, under the same autocannon load. See docs/benchmarks.md.
 */
import os from 'node:os';
import { adminQuery, BenchDatabases, benchSettings, redact, type BenchSettings } from './bench-env.ts';
import { mergeRuns, runLoad, type LoadRun } from './load.ts';
import { PUBLISH_TARGETS, timePublish } from './publish-timing.ts';
import {
  BULK_RECORDS_PER_SECOND,
  formatPublish,
  formatReport,
  formatScenario,
  PACK_SEARCH_P99_MS,
  scenarioReport,
  SCOPE_TARGETS,
  TARGETS,
  writeReport,
  type BenchReport,
  type ScenarioReport,
  type Targets,
} from './report.ts';
import { buildScenarios, buildScopeScenarios, compareProbes, SHARED_DEALS, type Prepared, type Scenario } from './scenarios.ts';
import { startServer, stopAllServers, type ServerHandle } from './servers.ts';
import { TEAM_SIZE } from './models.ts';
import { loadDeals, publishDealModel, sampleIds, shareDeals } from './setup-data.ts';
import { loadCustomers, sampleCustomerIds } from './pack-data.ts';
import { buildPackScenarios, readHistoryThrough } from './pack-scenarios.ts';
import { formatAutomationBench, runAutomationBench } from './automations.ts';
import { formatApprovalBench, runApprovalBench } from './approvals.ts';
import { formatActionBench, runActionBench } from './actions.ts';
import { formatReminderBench, runReminderBench } from './reminders.ts';
import { formatReportBench, runReportBench } from './reports.ts';

const log = (message: string) => console.error(`[bench] ${message}`);

async function main(settings: BenchSettings, databases: BenchDatabases): Promise<number> {
  const startedAt = new Date().toISOString();
  const loadAvg = os.loadavg()[0];
  if (loadAvg > 1) log(`warning: the machine is already busy (1-minute load average ${loadAvg.toFixed(2)} on ${os.cpus().length} CPUs): figures will be noisy`);
  const [{ version }] = await adminQuery<{ version: string }>(settings.adminUrl, 'select version()').catch((error) => {
    throw new Error(`PostgreSQL at ${redact(settings.adminUrl)} is not reachable (${(error as Error).message}); set LOOM_BENCH_DATABASE_URL`);
  });

  log('publish timings: 30-entity model on an empty database');
  const publishDb = await databases.create('_publish');
  const timings = await timePublish(publishDb.url);
  const publish = {
    ...timings,
    firstPass: timings.firstMs <= PUBLISH_TARGETS.firstMs,
    republishPass: timings.republishMedianMs <= PUBLISH_TARGETS.republishMs,
    targets: PUBLISH_TARGETS,
  };
  console.log(`${formatPublish(publish)}\n`);

  const main = await databases.create();
  const wanted = (key: string) => !settings.only.length || settings.only.includes(key);
  // Only pack scenarios asked for: a token number of deals, the time goes to the customers.
  const packOnly = settings.only.length > 0 && settings.only.every((key) => key.startsWith('pack-'));
  const deals = packOnly ? 1000 : settings.deals;
  log(`database ${main.name}: publishing deal + org + the pack's customer, loading ${deals} deals and ${settings.orgs} orgs`);
  const { publishMs: dealModelPublishMs, people } = await publishDealModel(main.url);
  const loaded = await loadDeals(main.url, deals, settings.orgs, people.ownerIds);
  await shareDeals(main.url, people.sharingUserId, people.teamIds, SHARED_DEALS);
  log(`loaded in ${Math.round(loaded.loadMs)} ms, indexes ${Math.round(loaded.indexMs)} ms, vacuum/analyze ${Math.round(loaded.analyzeMs)} ms`);
  const ids = await sampleIds(main.url, 3000, people.teamIds);
  const packWanted = !settings.only.length || settings.only.some((key) => key.startsWith('pack-'));
  if (packWanted) {
    const customers = await loadCustomers(main.url, settings.customers, people.ownerIds);
    log(
      `${settings.customers} customers of the CRM pack loaded in ${Math.round(customers.loadMs)} ms, indexes ${Math.round(customers.indexMs)} ms, vacuum/analyze ${Math.round(customers.analyzeMs)} ms`,
    );
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const engine = await startServer('engine', main.url, settings.poolSize);
  const baseline = await startServer('baseline', main.url, settings.poolSize);
  log(`engine ${engine.url} (pid ${engine.pid}), baseline ${baseline.url} (pid ${baseline.pid})`);

  const scenarios: ScenarioReport[] = [];
  for (const [i, scenario] of buildScenarios(ids, bearer(people.allToken))
    .filter((s) => wanted(s.key))
    .entries()) {
    const sides: [Side, Side] = [
      { label: 'engine', server: engine, scenario },
      { label: 'baseline', server: baseline, scenario },
    ];
    scenarios.push(await runScenario(scenario.key, scenario.title, sides, i % 2 === 0, TARGETS, settings));
    console.log(`${formatScenario(scenarios[scenarios.length - 1])}\n`);
  }
  if (packWanted) {
    readHistoryThrough(engine);
    for (const [i, scenario] of buildPackScenarios(await sampleCustomerIds(main.url, 3000), bearer(people.allToken))
      .filter((s) => wanted(s.key))
      .entries()) {
      const sides: [Side, Side] = [
        { label: 'engine', server: engine, scenario },
        { label: 'baseline', server: baseline, scenario },
      ];
      scenarios.push(await runScenario(scenario.key, `${scenario.title} [${settings.customers} customers]`, sides, i % 2 === 0, TARGETS, settings));
      console.log(`${formatScenario(scenarios[scenarios.length - 1])}\n`);
    }
  }
  const scopeScenarios = buildScopeScenarios(ids.teamDealIds, {
    team: bearer(people.teamToken),
    sharing: bearer(people.sharingToken),
    admin: bearer(people.adminToken),
  });
  for (const [i, pair] of scopeScenarios.filter((s) => wanted(s.key)).entries()) {
    const sides: [Side, Side] = [
      { label: `team scope (${TEAM_SIZE} people)`, server: engine, scenario: pair.team },
      { label: 'admin', server: engine, scenario: pair.admin },
    ];
    scenarios.push(await runScenario(pair.key, `${pair.team.title}, ${pair.who} vs administrator`, sides, i % 2 === 0, SCOPE_TARGETS, settings));
    console.log(`${formatScenario(scenarios[scenarios.length - 1])}\n`);
  }
  await stopAllServers();

  if (wanted('auto-create') || wanted('auto-sweep')) {
    log('automations: creates with and without 3 automations, and a scheduled sweep over a million records');
    const automations = await runAutomationBench(settings, (await databases.create('_automations')).url, log, {
      create: wanted('auto-create'),
      sweep: wanted('auto-sweep'),
    });
    console.log(`${formatAutomationBench(automations)}\n`);
  }

  if (wanted('approve')) {
    log('approvals: approving from the inbox against a plain update of the same entity');
    const approvals = await runApprovalBench(settings, (await databases.create('_approvals')).url, log);
    console.log(`${formatApprovalBench(approvals)}\n`);
  }

  if (wanted('action')) {
    log('record actions: claiming from a pool against a plain update of the same entity');
    const actions = await runActionBench(settings, (await databases.create('_actions')).url, log);
    console.log(`${formatActionBench(actions)}\n`);
  }

  if (wanted('reminders')) {
    log('reminders: 10,000 due in one minute delivered to inboxes by one tick');
    const reminders = await runReminderBench(settings, (await databases.create('_reminders')).url, log);
    console.log(`${formatReminderBench(reminders)}\n`);
  }

  if (wanted('reports')) {
    log('reports: grouped and 80/20 reports on 1,000,000 sales against hand-written SQL, scoped against admin, a 6-widget dashboard');
    const reports = await runReportBench((await databases.create('_reports')).url, log);
    console.log(`${formatReportBench(reports)}\n`);
  }

  const report: BenchReport = {
    startedAt,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 2 ** 30,
      loadAvgAtStart: loadAvg,
      node: process.version,
      postgres: version.split(' on ')[0],
    },
    settings: {
      seconds: settings.seconds,
      rounds: settings.rounds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      poolSize: settings.poolSize,
      deals,
      orgs: settings.orgs,
      customers: packWanted ? settings.customers : 0,
    },
    setup: { dealModelPublishMs, ...loaded },
    publish,
    scenarios,
    targets: { engine: TARGETS, scope: SCOPE_TARGETS },
  };
  const file = writeReport(report);
  console.log('─'.repeat(80));
  console.log(formatReport(report));
  console.log(summary(report));
  log(`written ${file}`);
  const dirty = scenarios.filter((s) => !s.clean);
  if (dirty.length) log(`ERROR: non-2xx responses or connection errors under load in: ${dirty.map((s) => s.key).join(', ')}`);
  return dirty.length ? 1 : 0;
}

/** One side of a comparison: a server, called as the scenario says (its own headers). The first side is the one measured. */
interface Side {
  readonly label: string;
  readonly server: ServerHandle;
  readonly scenario: Scenario;
}

/** `sides`: what is measured, and what against; `subjectFirst`: which runs first (alternated between scenarios). */
async function runScenario(
  key: string,
  title: string,
  sides: [Side, Side],
  subjectFirst: boolean,
  targets: Targets,
  settings: BenchSettings,
): Promise<ScenarioReport> {
  const [subject, reference] = sides;
  const order = subjectFirst ? sides : [reference, subject];
  log(`scenario ${key}: checking both sides`);
  const prepared = new Map<Side, Prepared>();
  for (const side of order) prepared.set(side, await side.scenario.prepare(side.server));
  const check = compareProbes(subject.scenario, prepared.get(subject)!.probe, prepared.get(reference)!.probe);
  if (!check.sameRows) throw new Error(`scenario ${key}: ${check.note}`);
  if (check.note) log(`warning: ${check.note}`);

  // Warm-up (not measured), then rounds in ABBA order so drift and bursts of foreign load hit both sides alike.
  const connections = subject.scenario.connections ?? settings.connections;
  for (const side of order) await runLoad({ url: side.server.url, seconds: settings.warmupSeconds, connections, requests: prepared.get(side)!.requests });
  const runs = new Map<Side, LoadRun[]>(order.map((s) => [s, []]));
  const schedule: string[] = [];
  const seconds = Math.max(1, Math.round(settings.seconds / settings.rounds));
  for (let round = 0; round < settings.rounds; round++) {
    for (const side of round % 2 === 0 ? order : [...order].reverse()) {
      const run = await runLoad({ url: side.server.url, seconds, connections, requests: prepared.get(side)!.requests });
      runs.get(side)!.push(run);
      schedule.push(side.label);
      log(
        `scenario ${key}, round ${round + 1}, ${side.label}: ${Math.round(run.latencies.length / run.seconds)} req/s, non-2xx ${run.non2xx}, errors ${run.errors}`,
      );
    }
  }
  return scenarioReport({
    key,
    title,
    order: schedule,
    labels: { subject: subject.label, reference: reference.label },
    subject: mergeRuns(runs.get(subject)!),
    reference: mergeRuns(runs.get(reference)!),
    targets,
    rowsChecked: prepared.get(subject)!.probe.rows,
    recordsPerRequest: subject.scenario.recordsPerRequest,
    sameAnswers: check.sameAnswers,
    note: check.note,
  });
}

/** The pack's absolute targets: bulk records per second, search p99 at 100,000 customers. */
function packTarget(s: ScenarioReport): string {
  if (s.recordsPerRequest) {
    const records = s.subject.reqPerSec * s.recordsPerRequest;
    return ` / ${Math.round(records)} records/s ${records >= BULK_RECORDS_PER_SECOND ? 'PASS' : 'FAIL'}`;
  }
  if (s.key === 'pack-search') return ` / p99 ${Math.round(s.subject.latencyP99Ms)} ms ${s.subject.latencyP99Ms <= PACK_SEARCH_P99_MS ? 'PASS' : 'FAIL'}`;
  return '';
}

function summary(r: BenchReport): string {
  const items = [
    `publish ${Math.round(r.publish.firstMs)} ms ${r.publish.firstPass ? 'PASS' : 'FAIL'}`,
    `re-publish ${Math.round(r.publish.republishMedianMs)} ms ${r.publish.republishPass ? 'PASS' : 'FAIL'}`,
    ...r.scenarios.map(
      (s) =>
        `${s.key} ×${s.throughputRatio.toFixed(2)} ${s.throughputPass ? 'PASS' : 'FAIL'} / p99 ×${s.p99Ratio.toFixed(2)} ${s.p99Pass ? 'PASS' : 'FAIL'}${packTarget(s)}`,
    ),
  ];
  return `summary: ${items.join('; ')}`;
}

const settings = benchSettings();
const databases = new BenchDatabases(settings.adminUrl);
let cleaning: Promise<void> | undefined;
let stopping = false;
const cleanup = () => (cleaning ??= stopAllServers().then(() => databases.dropAll()));

/** Ctrl-C, kill, a closed stdout (`npm run bench | head`) or a crash: stop the servers and drop the databases first. */
function abort(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping servers and dropping ${databases.prefix}*`);
  cleanup().finally(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => abort(signal, 130));
process.stdout.on('error', (error: NodeJS.ErrnoException) => abort(`stdout ${error.code ?? 'error'}`, 1));
process.on('uncaughtException', (error) => {
  console.error(error);
  abort('uncaught exception', 1);
});

main(settings, databases)
  .then(async (code) => {
    if (stopping) return;
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    if (stopping) return; // interrupted: the failure is a consequence, abort() reports and exits
    console.error(`[bench] failed: ${(error as Error).stack ?? error}`);
    stopping = true;
    await cleanup();
    process.exit(1);
  });
