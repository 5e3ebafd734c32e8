import { describe, expect, it } from 'vitest';
import { previousRunOf } from '../../../shared/tracking/previous-run.ts';

const run = (runId: string, uploadedAtEpochMs: number, status = 'succeeded') => ({
  runId,
  uploadedAtEpochMs,
  status,
});

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

  it('returns nothing for the first run', () => {
    expect(previousRunOf([], run('now', 1))).toBeUndefined();
  });
});
