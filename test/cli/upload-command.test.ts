import { describe, expect, it } from 'vitest';
import { runCli } from './tests-cli-capture.ts';

describe('Command: aggressors upload', () => {
  it.each(['abc', '', '0', '-5', 'Infinity'])(
    'refuses --timeout-minutes %j before uploading anything',
    async (value) => {
      const out = await runCli([
        'upload',
        'no-such-bundle',
        '--bucket',
        'b',
        '--table',
        't',
        '--wait',
        `--timeout-minutes=${value}`,
      ]);

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(
        `aggressors: --timeout-minutes must be a number > 0, got ${JSON.stringify(value)}\n`,
      );
    },
  );
});
