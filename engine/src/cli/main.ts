import { parseArgs } from 'node:util';
import { isLoomError } from '../errors/loom-error.ts';
import { runApply, runPlan } from './publish-commands.ts';
import { runStart } from './start-command.ts';
import { runUser, USER_USAGE } from './user-command.ts';

const USAGE = `Usage: loom <command> [options]

Commands:
  start                 Start the server (embedded PGlite in LOOM_DATA_DIR, or DATABASE_URL)
  plan <folder>         Validate a pack or folder of metadata and print the database plan
  apply <folder>        Validate, plan and publish it in one transaction
                          --purge   drop removed fields and entities instead of archiving them
                          --data    also load the pack's sample records
${USER_USAGE}

Environment: PORT, HOST, DATABASE_URL, LOOM_DATA_DIR, LOG_LEVEL, LOOM_ADMIN_EMAIL, LOOM_ADMIN_PASSWORD (see README).`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'user') return runUser(argv.slice(1));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { purge: { type: 'boolean' }, data: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === 'start' && rest.length === 0) return runStart();
  if ((command === 'plan' || command === 'apply') && rest.length === 1) {
    return command === 'plan' ? runPlan(rest[0]) : runApply(rest[0], { purge: values.purge === true, data: values.data === true });
  }
  console.error(`loom: unknown command or wrong arguments: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'start') process.exitCode = code;
  },
  (error) => {
    console.error(formatError(error));
    process.exitCode = 1;
  },
);

export function formatError(error: unknown): string {
  if (isLoomError(error)) {
    const lines = [`loom: ${error.title}: ${error.message}`];
    for (const e of error.errors ?? []) lines.push(`  ${e.path || '/'}: ${e.message}`);
    return lines.join('\n');
  }
  if (error instanceof Error && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `loom: ${error.message}\n\n${USAGE}`;
  return `loom: ${(error as Error)?.message ?? String(error)}`;
}
