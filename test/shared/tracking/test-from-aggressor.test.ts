import { describe, expect, it } from 'vitest';
import {
  defaultMembership,
  testFromAggressor,
} from '../../../shared/tracking/test-from-aggressor.ts';
import { evaluateTest } from '../../../shared/tracking/evaluate-test.ts';
import { classificationRun } from './fixtures.ts';

const run = classificationRun('run-1', { groupErrorRate: 0.5, seed: 4 });
const members = run.samples.slice(0, 100).map((s) => s.id);
const rule = { text: 'html', predicates: [{ field: 'html', op: '=', value: true }] };
const savedFrom = {
  project: 'spam',
  modelVersion: 'v1',
  runId: 'run-1',
  aggressorId: 'agg1',
  savedAtEpochMs: 5,
};
const request = { name: 'html', metric: 'errorRate' as const, maxRegression: 0 };

/** Group members near (10, 10), the rest near the origin. */
function reference(): Map<string, Float32Array> {
  return new Map(
    run.samples.map((s, i) => {
      const base = i < 100 ? 10 : 0;
      return [s.id, Float32Array.of(base + Math.sin(i), base + Math.cos(i))];
    }),
  );
}

describe('Function: defaultMembership', () => {
  it('is the rule when the aggressor has one, else the ids', () => {
    expect(defaultMembership({ id: 'a', sampleIds: [], rule })).toBe('rule');
    expect(defaultMembership({ id: 'a', sampleIds: [], rule: null })).toBe('ids');
  });
});

describe('Function: testFromAggressor', () => {
  it('saves the rule, the metric on its members as savedValue and where it came from', () => {
    const test = testFromAggressor(
      { id: 'agg1', sampleIds: members, rule },
      run,
      request,
      savedFrom,
    );
    const wrong = run.samples.slice(0, 100).filter((s) => !s.correct).length;

    expect(test).toEqual({
      schemaVersion: 1,
      name: 'html',
      metric: 'errorRate',
      membership: { kind: 'rule', predicates: rule.predicates, text: 'html' },
      maxRegression: 0,
      savedValue: wrong / 100,
      savedFrom,
    });
  });

  it('saves the ids when asked, and refuses a rule the aggressor lacks', () => {
    const ids = testFromAggressor(
      { id: 'agg1', sampleIds: members, rule: null },
      run,
      { ...request, membership: 'ids', threshold: 0.9 },
      savedFrom,
    );

    expect(ids.membership).toEqual({ kind: 'ids', sampleIds: members });
    expect(ids.threshold).toBe(0.9);
    expect(() =>
      testFromAggressor(
        { id: 'agg1', sampleIds: members, rule: null },
        run,
        { ...request, membership: 'rule' },
        savedFrom,
      ),
    ).toThrow('rule of aggressor agg1 must be a metadata rule');
  });

  it('saves a region around the members that holds most of them and none of the rest', () => {
    const test = testFromAggressor(
      { id: 'agg1', sampleIds: members, rule },
      run,
      { ...request, membership: 'region' },
      savedFrom,
      { reference: reference(), embeddingsKey: 'tests/spam/html.reference.npy' },
    );

    const out = evaluateTest(test, {
      current: run,
      previous: null,
      reference: reference(),
    });

    expect(test.membership.kind).toBe('region');
    expect(out.members).toBeGreaterThanOrEqual(90);
    expect(out.members).toBeLessThanOrEqual(100);
    expect(out.value).toBe(test.savedValue);
  });
});
