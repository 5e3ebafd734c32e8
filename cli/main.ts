import { createRequire } from 'node:module';
import { Command } from 'commander';
import { ZodError } from 'zod';
import { BundleError } from '../shared/bundle/errors.ts';
import { CliError } from './errors.ts';
import { demoCommand } from './commands/demo.ts';
import { validateCommand } from './commands/validate.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { showCommand } from './commands/show.ts';
import { uploadCommand } from './commands/upload.ts';

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
    program.command('runs <project>').description("list a project's runs"),
  ).action(runsCommand);
  awsOptions(
    program
      .command('show <project> <modelVersion>')
      .description("show a model version's aggressors")
      .option('--json', 'print the run as other tools read it'),
  ).action(showCommand);
  program
    .command('upload <bundle-dir>')
    .description('upload a bundle to the deployed stack (manifest last)')
    .requiredOption('--bucket <name>', 'the deployed bucket (stack output BucketName)')
    .option('--table <name>', 'the deployed table (stack output TableName), for --wait')
    .option('--wait', 'follow the run to its end; exit non-zero if it failed')
    .option('--timeout-minutes <n>', 'how long --wait waits', '60')
    .action(uploadCommand);

  return program;
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
