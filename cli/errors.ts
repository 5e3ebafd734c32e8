/** An error the command line reports as one plain sentence, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}
