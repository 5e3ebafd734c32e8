import { createRequire } from 'node:module';
import { Command } from 'commander';
import { ZodError } from 'zod';
import { BundleError } from '../shared/bundle/errors.ts';
import { CliError } from './errors.ts';
import { demoCommand } from './commands/demo.ts';
import { validateCommand } from './commands/validate.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { reportCommand } from './commands/report.ts';
import { showCommand } from './commands/show.ts';
import { uploadCommand } from './commands/upload.ts';
import {
  testsListCommand,
  testsRmCommand,
  testsSaveCommand,
} from './commands/tests.ts';
import { gateCommand } from './commands/gate.ts';

function awsOptions(command: Command): Command {
  return command
    .option('--bucket <name>', 'the deployed bucket (default: the local stack)')
    .option('--table <name>', 'the deployed table (default: the local stack)');
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);

  return (require('../package.json') as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('aggressors')
    .description(
      'Find where an ML model fails, and keep those failures from coming back.',
    )
    .version(packageVersion())
    .showHelpAfterError();

  program
    .command('demo')
    .description(
      'run the whole pipeline locally on the SpamAssassin corpus ' +
        '(starts from a clean local state: earlier local runs are removed)',
    )
    .option('--verbose', "show the functions' structured logs")
    .action(demoCommand);
  program
    .command('validate <bundle-dir>')
    .description('check an evaluation bundle before uploading it')
    .action(validateCommand);
  program
    .command('run <bundle-dir>')
    .description('upload a bundle into the local stack and wait for its run')
    .option('--verbose', "show the functions' structured logs")
    .action(runCommand);
  awsOptions(
    program
      .command('runs <project> [modelVersion]')
      .description("list a project's runs, or one model version's, oldest first")
      .option('--json', 'print the runs as other tools read them: one JSON array'),
  ).action(runsCommand);
  awsOptions(
    program
      .command('show <project> <modelVersion>')
      .description("show a model version's aggressors, from its latest run")
      .option('--run <runId>', 'open this run of the version instead (see: runs)')
      .option('--json', 'print the run as other tools read it'),
  ).action(showCommand);
  awsOptions(
    program
      .command('report <project> <modelVersion>')
      .description(
        "write the latest run's HTML report to a local file and print its path",
      )
      .option('--rebuild', 'build it from the stored results, not the stored report')
      .option(
        '--out <dir>',
        'folder to write it into (default: under the local state)',
      ),
  ).action(reportCommand);
  program
    .command('upload <bundle-dir>')
    .description('upload a bundle to the deployed stack (manifest last)')
    .requiredOption('--bucket <name>', 'the deployed bucket (stack output BucketName)')
    .option('--table <name>', 'the deployed table (stack output TableName), for --wait')
    .option('--wait', 'follow the run to its end; exit non-zero if it failed')
    .option('--timeout-minutes <n>', 'how long --wait waits', '60')
    .action(uploadCommand);
  addTrackingCommands(program);

  return program;
}

/** `tests save|list|rm` and `gate`: docs/tracking.md. */
function addTrackingCommands(program: Command): void {
  const tests = program
    .command('tests')
    .description("a project's saved aggressor tests");
  awsOptions(
    tests
      .command('save <project> <modelVersion> [aggressor]')
      .description(
        "save an aggressor (its id or rank) of the version's latest run as a test",
      )
      .option(
        '--name <name>',
        'test name (default aggressor-<id>; with --top-k, a prefix)',
      )
      .option('--metric <metric>', 'meanLoss, errorRate or accuracy')
      .option(
        '--max-regression <x>',
        'allowed worsening against the previous version',
        '0',
      )
      .option('--threshold <t>', 'absolute limit: worse than this fails')
      .option(
        '--membership <kind>',
        'ids, rule or region (default: rule if any, else ids)',
      )
      .option('--description <text>', 'what the test guards, in words')
      .option('--top-k <n>', "save the run's top n aggressors, one test each"),
  ).action(testsSaveCommand);
  awsOptions(
    tests.command('list <project>').description("list a project's saved tests"),
  ).action(testsListCommand);
  awsOptions(
    tests.command('rm <project> <name>').description('remove a saved test'),
  ).action(testsRmCommand);
  awsOptions(
    program
      .command('gate <project> <modelVersion>')
      .description(
        "print the version's test results; exit 1 if any failed, regressed or " +
          'errored, or the run failed or is missing',
      ),
  ).action(gateCommand);
}

function explain(error: unknown): string {
  if (error instanceof BundleError || error instanceof CliError) return error.message;
  if (error instanceof ZodError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`aggressors: ${explain(error)}\n`);
    process.exitCode = 1;
  }
}
