/**
 * Every saved test of the project on this run. A test whose file is bad, or
 * whose reference embeddings cannot be read, is an `error` result; the
 * others still run.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { readReference, type StoredTest } from '../../shared/aws/aggressor-tests.ts';
import {
  evaluateTest,
  unreadableTestResult,
} from '../../shared/tracking/evaluate-test.ts';
import type {
  ReferenceEmbeddings,
  TrackedRun,
} from '../../shared/tracking/tracked-run.ts';
import type { AggressorTest, TestResult } from '../../shared/tracking/types.ts';

export interface SavedTestsInput {
  s3: S3Client;
  bucket: string;
  stored: readonly StoredTest[];
  current: TrackedRun;
  previous: TrackedRun | null;
}

export async function evaluateSavedTests(
  input: SavedTestsInput,
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const stored of input.stored) {
    results.push(
      'error' in stored
        ? unreadableTestResult(stored.name, stored.error)
        : await evaluateOne(stored.test, input),
    );
  }

  return results;
}

async function evaluateOne(
  test: AggressorTest,
  input: SavedTestsInput,
): Promise<TestResult> {
  let reference: ReferenceEmbeddings | undefined;
  if (test.membership.kind === 'region') {
    const { embeddingsKey, sampleIds } = test.membership.reference;
    try {
      reference = await readReference(input.s3, input.bucket, embeddingsKey, sampleIds);
    } catch (error) {
      return {
        ...unreadableTestResult(test.name, error),
        metric: test.metric,
        membership: 'region',
      };
    }
  }

  return evaluateTest(test, {
    current: input.current,
    previous: input.previous,
    reference,
  });
}
