import { describe, expect, it } from 'vitest';
import {
  evaluateTest,
  unreadableTestResult,
} from '../../../shared/tracking/evaluate-test.ts';
import { classificationRun, htmlRuleTest } from './fixtures.ts';

const v1 = classificationRun('run-1', { groupErrorRate: 0.2, seed: 1 });
const v2Worse = classificationRun('run-2', { groupErrorRate: 0.6, seed: 2 });
const v2Better = classificationRun('run-2', { groupErrorRate: 0.02, seed: 3 });
const v2Same = classificationRun('run-2', { groupErrorRate: 0.2, seed: 1 });

describe('Function: evaluateTest', () => {
  it('finds the planted worsening of the html group as regressed, with its numbers', () => {
    const out = evaluateTest(htmlRuleTest(), { current: v2Worse, previous: v1 });

    expect(out.status).toBe('regressed');
    expect(out.members).toBe(100);
    expect(out.previousMembers).toBe(100);
    expect(out.value).toBeGreaterThan(0.45);
    expect(out.previousValue).toBeLessThan(0.3);
    expect(out.difference).toBeCloseTo((out.value ?? 0) - (out.previousValue ?? 0), 12);
    expect(out.interval?.[0]).toBeGreaterThan(0);
    expect(out.savedValue).toBe(0.4);
  });

  it('finds the planted improvement as improved', () => {
    const out = evaluateTest(htmlRuleTest(), { current: v2Better, previous: v1 });

    expect(out.status).toBe('improved');
    expect(out.interval?.[1]).toBeLessThan(0);
  });

  it('says pass for the same errors, with a zero difference', () => {
    const out = evaluateTest(htmlRuleTest(), { current: v2Same, previous: v1 });

    expect(out.status).toBe('pass');
    expect(out.difference).toBe(0);
  });

  it('says pass with no previous version and leaves the comparison empty', () => {
    const out = evaluateTest(htmlRuleTest(), { current: v2Worse, previous: null });

    expect(out).toMatchObject({
      status: 'pass',
      previousValue: null,
      difference: null,
      interval: null,
      previousMembers: null,
    });
  });

  it('says not-applicable when no sample of the run is a member', () => {
    const test = htmlRuleTest({
      membership: { kind: 'ids', sampleIds: ['gone-1', 'gone-2'] },
    });

    const out = evaluateTest(test, { current: v2Worse, previous: v1 });

    expect(out.status).toBe('not-applicable');
    expect(out.value).toBeNull();
    expect(out.message).toBe('no scored sample of run run-2 is a member');
  });

  it('says not-applicable when no sample carries the rule field', () => {
    const test = htmlRuleTest({
      membership: {
        kind: 'rule',
        predicates: [{ field: 'listId', op: '=', value: null }],
      },
    });

    const out = evaluateTest(test, { current: v2Worse, previous: v1 });

    expect(out.status).toBe('not-applicable');
    expect(out.message).toContain('metadata field listId');
  });

  it('says error, with the reason, when error rate is asked of a run without correctness', () => {
    const regression = {
      ...v1,
      samples: v1.samples.map((s) => ({ ...s, correct: null })),
    };

    const out = evaluateTest(htmlRuleTest(), { current: regression, previous: null });

    expect(out.status).toBe('error');
    expect(out.message).toBe(
      'correct of sample s-000 must be true or false for metric errorRate ' +
        '(a classification run), got null',
    );
  });

  it('says fail when the threshold is crossed', () => {
    const out = evaluateTest(htmlRuleTest({ threshold: 0.3 }), {
      current: v2Worse,
      previous: v1,
    });

    expect(out.status).toBe('fail');
    expect(out.threshold).toBe(0.3);
  });

  it('compares with nothing, and says why, when the previous run has no metadata left', () => {
    const expired = { ...v1, hasMetadata: false };

    const out = evaluateTest(htmlRuleTest(), { current: v2Worse, previous: expired });

    expect(out.status).toBe('pass');
    expect(out.previousValue).toBeNull();
    expect(out.message).toContain(
      'metadata of previous run run-1 is no longer available',
    );
  });

  it('counts only scored members: a failed sample is left out', () => {
    const withFailure = {
      ...v2Same,
      samples: v2Same.samples.map((s, i) => (i === 0 ? { ...s, loss: null } : s)),
    };

    const out = evaluateTest(htmlRuleTest(), { current: withFailure, previous: null });

    expect(out.members).toBe(99);
  });
});

describe('Function: unreadableTestResult', () => {
  it('is an error result carrying the reason', () => {
    const out = unreadableTestResult('bad', new Error('tests/p/bad.json: broken'));

    expect(out).toMatchObject({
      name: 'bad',
      status: 'error',
      metric: null,
      message: 'tests/p/bad.json: broken',
    });
  });
});
