import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  alertInputOf,
  UNREADABLE_TESTS,
} from '../../../functions/notify/alert-input.ts';
import type { FinalStatus } from '../../../functions/notify/finalize-run.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import type { AggressorMatch } from '../../../shared/tracking/types.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { testResult, testsReport } from './fixtures.ts';

const s3Mock = mockClient(S3Client);
const TESTS_KEY = 'results/spam/v2/spam-v2-abc/tests.json';
const RESULTS_KEY = 'results/spam/v2/spam-v2-abc/aggressors.json';
const ANALYZED = {
  resultsKey: RESULTS_KEY,
  aggressorCount: 2,
  counts: { samples: 100, quarantined: 0, failed: 0 },
  overall: { meanLoss: 0.2, errorRate: 0.05, accuracy: 0.95 },
};
const STATE: PipelineState = {
  bucket: 'test-bucket',
  manifestKey: 'evaluations/spam/v2/manifest.json',
  runId: 'spam-v2-abc',
  uploadedAtEpochMs: 1_000,
  analyzed: ANALYZED,
  tests: { evaluated: 1, note: '', testsKey: TESTS_KEY },
};
const SUCCEEDED: FinalStatus = {
  project: 'spam',
  modelVersion: 'v2',
  status: 'succeeded',
  analyzed: ANALYZED,
};

function match(overrides: Partial<AggressorMatch>): AggressorMatch {
  return {
    id: 'g1',
    rank: 1,
    size: 40,
    meanLoss: 1.2,
    lossRatio: 4,
    errorRate: 0.5,
    impact: 0.4,
    hypothesis: 'Mostly html = true.',
    state: 'new',
    previousId: null,
    overlap: 0,
    ...overrides,
  };
}

function stored(key: string, value: unknown) {
  s3Mock
    .on(GetObjectCommand, { Bucket: 'test-bucket', Key: key })
    .callsFake(() => ({ Body: s3Body(JSON.stringify(value)) }));
}

beforeEach(() => {
  s3Mock.reset();
});

describe('Function: alertInputOf', () => {
  it('reads the tests and keeps only the new aggressors, naming no samples by default', async () => {
    stored(
      TESTS_KEY,
      testsReport({
        tests: [testResult({ message: 'worse by 0.13, allowed 0.02' })],
        aggressors: {
          matches: [match({ id: 'g1' }), match({ id: 'g2', state: 'persisting' })],
          resolved: [],
          absent: [],
          minOverlap: 0.3,
        },
      }),
    );
    const { deps } = testDeps();

    const input = await alertInputOf(STATE, SUCCEEDED, deps, false);

    expect(input).toEqual({
      run: {
        runId: 'spam-v2-abc',
        project: 'spam',
        modelVersion: 'v2',
        status: 'succeeded',
        accuracy: 0.95,
        previousModelVersion: 'v1',
      },
      tests: [
        {
          name: 'hard-ham',
          status: 'regressed',
          metric: 'error rate',
          value: 0.25,
          previousValue: 0.12,
          difference: 0.13,
          interval: [0.05, 0.21],
          reason: 'worse by 0.13, allowed 0.02',
        },
      ],
      newAggressors: [
        {
          id: 'g1',
          rank: 1,
          size: 40,
          impact: 0.4,
          meanLoss: 1.2,
          lossRatio: 4,
          errorRate: 0.5,
          hypothesis: 'Mostly html = true.',
          worstSampleIds: [],
        },
      ],
    });
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('adds the worst sample ids from the results when samples are allowed', async () => {
    stored(
      TESTS_KEY,
      testsReport({
        aggressors: { matches: [match({})], resolved: [], absent: [], minOverlap: 0.3 },
      }),
    );
    stored(RESULTS_KEY, {
      aggressors: [
        { id: 'g1', representatives: { typical: ['t'], worst: ['w1', 'w2'] } },
      ],
    });
    const { deps } = testDeps();

    const input = await alertInputOf(STATE, SUCCEEDED, deps, true);

    expect(input.newAggressors[0]?.worstSampleIds).toEqual(['w1', 'w2']);
  });

  it('stands a test in error for a tests.json without its aggressors, naming key and field', async () => {
    const { aggressors: _aggressors, ...report } = testsReport();
    stored(TESTS_KEY, report);
    const { deps, logs } = testDeps();

    const input = await alertInputOf(STATE, SUCCEEDED, deps, true);

    expect(input.tests).toEqual([
      {
        name: UNREADABLE_TESTS,
        status: 'error',
        value: null,
        previousValue: null,
        difference: null,
        interval: null,
        reason:
          `the tests result s3://test-bucket/${TESTS_KEY} could not be read: ` +
          `s3://test-bucket/${TESTS_KEY}, field "aggressors": ` +
          'missing; expected the aggressors matched, resolved and absent',
      },
    ]);
    expect(input.newAggressors).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'tests result unreadable' }),
    );
  });

  it('names the field and value of a bad test status in tests.json', async () => {
    const bad = { ...testResult(), status: 'passed' };
    stored(TESTS_KEY, testsReport({ tests: [bad as never] }));
    const { deps } = testDeps();

    const input = await alertInputOf(STATE, SUCCEEDED, deps, false);

    expect(input.tests[0]?.reason).toContain(
      'field "tests[0].status": expected a status: "pass", "fail", "regressed", ' +
        '"improved", "not-applicable", "error", got "passed"',
    );
  });

  it('reads nothing for a failed run and carries its error', async () => {
    const failed: FinalStatus = {
      project: 'spam',
      modelVersion: 'v2',
      status: 'failed',
      error: { message: 'endpoint "x" was not found' },
    };
    const { deps } = testDeps();

    const input = await alertInputOf(STATE, failed, deps, false);

    expect(input.run).toMatchObject({
      status: 'failed',
      accuracy: null,
      error: 'endpoint "x" was not found',
    });
    expect(input.tests).toEqual([]);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('links the report, with the time the link stops working', async () => {
    stored(TESTS_KEY, testsReport({ tests: [] }));
    const { deps } = testDeps();
    const signed: string[] = [];
    deps.linkReport = async (bucket, key) => {
      signed.push(`${bucket}/${key}`);
      return {
        url: 'https://signed.example/report',
        expiresAtEpochMs: Date.UTC(2026, 0, 1, 13),
      };
    };
    const state = {
      ...STATE,
      tests: { ...STATE.tests!, reportKey: 'results/r/report.html' },
    };

    const input = await alertInputOf(state, SUCCEEDED, deps, false);

    expect(signed).toEqual(['test-bucket/results/r/report.html']);
    expect(input.run.reportUrl).toBe('https://signed.example/report');
    expect(input.run.reportUrlExpiresAt).toBe('2026-01-01T13:00:00.000Z');
  });

  it('sends the alert without a link when signing fails, and says why in the log', async () => {
    stored(TESTS_KEY, testsReport({ tests: [] }));
    const { deps, logs } = testDeps();
    deps.linkReport = async () => {
      throw new Error('AccessDenied: not authorized to perform sts:AssumeRole');
    };
    const state = {
      ...STATE,
      tests: { ...STATE.tests!, reportKey: 'results/r/report.html' },
    };

    const input = await alertInputOf(state, SUCCEEDED, deps, false);

    expect(input.run.reportUrl).toBeUndefined();
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'report link not signed, alert carries none',
      }),
    );
  });
});
