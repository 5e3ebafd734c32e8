import { describe, expect, it } from 'vitest';
import { previousRunOf } from '../../../shared/tracking/previous-run.ts';

const run = (
  runId: string,
  uploadedAtEpochMs: number,
  status = 'succeeded',
  modelVersion = runId,
) => ({ runId, uploadedAtEpochMs, status, modelVersion });

describe('Function: previousRunOf', () => {
  it('picks the last succeeded run uploaded before this one, whatever the list order', () => {
    const runs = [run('c', 300), run('a', 100), run('b', 200), run('now', 400)];

    expect(previousRunOf(runs, run('now', 400))?.runId).toBe('c');
  });

  it('skips failed and running runs and later uploads', () => {
    const runs = [
      run('ok', 100),
      run('failed', 200, 'failed'),
      run('running', 300, 'running'),
      run('later', 900),
    ];

    expect(previousRunOf(runs, run('now', 400))?.runId).toBe('ok');
  });

  it('breaks a tie in upload time by run id and never returns the run itself', () => {
    const runs = [run('a', 100), run('b', 100), run('c', 100)];

    expect(previousRunOf(runs, run('b', 100))?.runId).toBe('a');
    expect(previousRunOf(runs, run('a', 100))).toBeUndefined();
  });

  it('never compares a version with a re-upload of itself', () => {
    const runs = [run('v1', 100), run('v2-first', 200, 'succeeded', 'v2')];

    expect(previousRunOf(runs, run('v2-retry', 300, 'succeeded', 'v2'))?.runId).toBe(
      'v1',
    );
  });

  it('compares a retry of a version with what its first upload followed, not a newer version', () => {
    const runs = [
      run('v1', 100),
      run('v2-first', 200, 'succeeded', 'v2'),
      run('v7', 300),
      run('v2-retry', 400, 'succeeded', 'v2'),
    ];

    expect(previousRunOf(runs, run('v2-retry', 400, 'succeeded', 'v2'))?.runId).toBe(
      'v1',
    );
    expect(previousRunOf(runs, run('v8', 500))?.runId).toBe('v2-retry');
  });

  it('compares with the last run of the baseline version before this one when one is named', () => {
    const runs = [
      run('v1-old', 100, 'succeeded', 'v1'),
      run('v1-new', 200, 'succeeded', 'v1'),
      run('v2', 300),
      run('v1-later', 900, 'succeeded', 'v1'),
    ];

    expect(previousRunOf(runs, run('v3', 400), 'v1')?.runId).toBe('v1-new');
    expect(previousRunOf(runs, run('v3', 400), 'v9')).toBeUndefined();
    expect(
      previousRunOf(runs, run('v1-retry', 950, 'succeeded', 'v1'), 'v1'),
    ).toBeUndefined();
  });

  it('returns nothing for the first run', () => {
    expect(previousRunOf([], run('now', 1))).toBeUndefined();
  });
});
