import { describe, expect, it } from 'vitest';
import { runCli, withLocalHome } from './tests-cli-capture.ts';

describe('Command: aggressors tests', () => {
  it('asks for an aggressor or --top-k, not both and not neither', async () => {
    const neither = await withLocalHome(() => runCli(['tests', 'save', 'toy', 'v1']));
    const both = await withLocalHome(() =>
      runCli(['tests', 'save', 'toy', 'v1', '1', '--top-k', '2']),
    );

    for (const out of [neither, both]) {
      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(
        'aggressors: give either an aggressor (its id or rank) or --top-k N, not both\n',
      );
    }
  });

  it('names an unknown metric and membership with the value given', async () => {
    const metric = await withLocalHome(() =>
      runCli(['tests', 'save', 'toy', 'v1', '1', '--metric', 'f1']),
    );
    const membership = await withLocalHome(() =>
      runCli(['tests', 'save', 'toy', 'v1', '1', '--membership', 'cluster']),
    );

    expect(metric.stderr).toBe(
      'aggressors: --metric must be one of meanLoss, errorRate, accuracy, got "f1"\n',
    );
    expect(membership.stderr).toBe(
      'aggressors: --membership must be ids, rule or region, got "cluster"\n',
    );
  });

  it('says where it looked when a version has no run to save from', async () => {
    await withLocalHome(async (home) => {
      const out = await runCli(['tests', 'save', 'toy', 'v1', '1']);

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(
        `aggressors: no run of project "toy" model version "v1" in the local state in ${home}\n`,
      );
    });
  });

  it('lists no tests and refuses to remove one that is not there', async () => {
    await withLocalHome(async (home) => {
      const list = await runCli(['tests', 'list', 'toy']);
      const rm = await runCli(['tests', 'rm', 'toy', 'nope']);

      expect(list.stdout).toBe(
        `no saved tests of project "toy" in the local state in ${home}\n`,
      );
      expect(rm.exitCode).toBe(1);
      expect(rm.stderr).toBe(
        `aggressors: no saved test "nope" of project "toy" in the local state in ${home}\n`,
      );
    });
  });

  it.each(['abc', '', '1e', 'NaN', 'Infinity', '-1', '-0.5', '0x10', ' 1', '1,5'])(
    'refuses --max-regression %j, naming the option and value',
    async (value) => {
      const out = await withLocalHome(() =>
        runCli(['tests', 'save', 'toy', 'v1', '1', `--max-regression=${value}`]),
      );

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(
        `aggressors: --max-regression must be a number >= 0, got ${JSON.stringify(value)}\n`,
      );
    },
  );

  it.each(['abc', '', '-Infinity', '-2', '1e400'])(
    'refuses --threshold %j, naming the option and value',
    async (value) => {
      const out = await withLocalHome(() =>
        runCli(['tests', 'save', 'toy', 'v1', '1', `--threshold=${value}`]),
      );

      expect(out.stderr).toBe(
        `aggressors: --threshold must be a number >= 0, got ${JSON.stringify(value)}\n`,
      );
    },
  );

  it('refuses a threshold above 1 for a rate metric', async () => {
    const out = await withLocalHome(() =>
      runCli([
        'tests',
        'save',
        'toy',
        'v1',
        '1',
        '--metric',
        'accuracy',
        '--threshold',
        '5',
      ]),
    );

    expect(out.stderr).toBe(
      'aggressors: --threshold for accuracy must be a number between 0 and 1, got 5\n',
    );
  });

  it.each(['0', '1.5', '2e', '', '-3', 'three'])(
    'refuses --top-k %j, naming the option and value',
    async (value) => {
      const out = await withLocalHome(() =>
        runCli(['tests', 'save', 'toy', 'v1', `--top-k=${value}`]),
      );

      expect(out.stderr).toBe(
        `aggressors: --top-k must be a whole number >= 1, got ${JSON.stringify(value)}\n`,
      );
    },
  );

  it('takes well-formed numbers and goes on to look for the run', async () => {
    await withLocalHome(async (home) => {
      const out = await runCli([
        'tests',
        'save',
        'toy',
        'v1',
        '--top-k',
        '2',
        '--max-regression',
        '0.05',
        '--threshold',
        '1e-1',
      ]);

      expect(out.stderr).toBe(
        `aggressors: no run of project "toy" model version "v1" in the local state in ${home}\n`,
      );
    });
  });
});
