/** `node --import tsx bench/reports-run.ts`: the reports benchmark alone (bench/reports.ts), on its own database. */
import { BenchDatabases, benchSettings } from './bench-env.ts';
import { formatReportBench, runReportBench } from './reports.ts';

const settings = benchSettings();
const databases = new BenchDatabases(settings.adminUrl);
const log = (message: string) => console.error(`[bench] ${message}`);
try {
  const report = await runReportBench((await databases.create('_reports')).url, log);
  console.log(formatReportBench(report));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  await databases.dropAll();
}
