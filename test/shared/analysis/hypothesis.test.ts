import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { hypothesisSentence } from '../../../shared/analysis/hypothesis.ts';
import { buildMetadataTable } from '../../../shared/analysis/metadata/columns.ts';
import { compareMetadata } from '../../../shared/analysis/metadata/compare.ts';
import type { MetadataDifference } from '../../../shared/analysis/metadata/types.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { findRule } from '../../../shared/analysis/rules/search.ts';
import type { MetadataRule } from '../../../shared/analysis/rules/types.ts';
import { emailSamples, maskWhere } from './metadata/synthetic.ts';

const rule: MetadataRule = {
  text: 'html and not mailingList',
  predicates: [
    { field: 'html', op: '=', value: true },
    { field: 'mailingList', op: '=', value: false },
  ],
  coverage: 0.9,
  precision: 0.8,
  support: 100,
  members: 80,
  score: 2 / (1 / 0.9 + 1 / 0.8),
  exhaustive: true,
};

function difference(overrides: Partial<MetadataDifference>): MetadataDifference {
  return {
    field: 'senderDomain',
    kind: 'categorical',
    value: 'example.com',
    measure: 'share',
    inside: 0.4,
    outside: 0.03,
    insideCount: 40,
    outsideCount: 30,
    lift: 3.5,
    effect: 0.37,
    pValue: 1e-6,
    qValue: 1e-5,
    ...overrides,
  };
}

describe('Function: hypothesisSentence', () => {
  it('states the planted rule and the loss ratio computed from seeded data', () => {
    const samples = emailSamples(600, 11);
    const mask = maskWhere(samples, (m) => m.html === true && m.mailingList === false);
    const random = seededRandom(2);
    const losses = Array.from(mask, (m) => (m ? 3 : 1) * (0.5 + random()));
    const mean = (inside: number) => {
      const picked = losses.filter((_, i) => mask[i] === inside);
      return picked.reduce((s, v) => s + v, 0) / picked.length;
    };
    const lossRatio = mean(1) / mean(0);

    const sentence = hypothesisSentence({
      rule: findRule(buildMetadataTable(samples), mask),
      lossRatio,
    });

    expect(sentence).toBe(
      `html and not mailingList: ${lossRatio.toFixed(1)}× the loss of the rest`,
    );
  });

  it('rounds ratios of 10 and more to whole numbers', () => {
    expect(hypothesisSentence({ rule, lossRatio: 12.4 })).toBe(
      'html and not mailingList: 12× the loss of the rest',
    );
  });

  it('says the rest has no loss when the ratio is null', () => {
    expect(hypothesisSentence({ rule, lossRatio: null })).toBe(
      'html and not mailingList: loss where the rest has none',
    );
  });

  it('gives coverage and precision when the rule describes the group poorly', () => {
    const weak = { ...rule, coverage: 0.35, precision: 0.9 };

    expect(hypothesisSentence({ rule: weak, lossRatio: 2 })).toBe(
      'html and not mailingList (35% of the group, at 90% precision): 2.0× the loss of the rest',
    );
  });

  it('gives them when the rule matches as many samples outside the group as inside', () => {
    const half = { ...rule, coverage: 1, precision: 0.5 };

    expect(hypothesisSentence({ rule: half, lossRatio: 2 })).toBe(
      'html and not mailingList (100% of the group, at 50% precision): 2.0× the loss of the rest',
    );
  });

  it('falls back to the most significant category difference without a rule', () => {
    const sentence = hypothesisSentence({
      rule: null,
      lossRatio: 2.44,
      differences: [difference({})],
    });

    expect(sentence).toBe(
      'senderDomain = example.com (40% here vs 3% in the rest): 2.4× the loss of the rest',
    );
  });

  it('falls back to a numeric difference by its medians', () => {
    const numeric = difference({
      field: 'lengthChars',
      kind: 'numeric',
      value: undefined,
      measure: 'mean',
      inside: 5400,
      outside: 2100,
      insideMedian: 5212.5,
      outsideMedian: 1800,
      effect: 0.6,
    });

    expect(
      hypothesisSentence({ rule: null, lossRatio: 3, differences: [numeric] }),
    ).toBe(
      'higher lengthChars (median 5213 vs 1800 in the rest): 3.0× the loss of the rest',
    );
  });

  it('uses a real comparison from compareMetadata when no rule is given', () => {
    const samples = emailSamples(600, 11);
    const mask = maskWhere(samples, (m) => m.senderDomain === 'x');
    const [differences] = compareMetadata(buildMetadataTable(samples), [mask]);

    const sentence = hypothesisSentence({ rule: null, lossRatio: 1.5, differences });

    expect(sentence).toMatch(
      /^senderDomain = x \(100% here vs 0% in the rest\): 1\.5×/,
    );
  });

  it('says no field sets the group apart when no difference is significant', () => {
    const weak = difference({ qValue: 0.2 });

    expect(
      hypothesisSentence({ rule: null, lossRatio: 1.8, differences: [weak] }),
    ).toBe('No metadata field sets it apart: 1.8× the loss of the rest');
    expect(hypothesisSentence({ rule: null, lossRatio: 1.8 })).toBe(
      'No metadata field sets it apart: 1.8× the loss of the rest',
    );
  });

  it('throws on a loss ratio that is negative or not finite', () => {
    expect(() => hypothesisSentence({ rule, lossRatio: NaN })).toThrow(
      'parameter lossRatio must be a finite number >= 0 or null, got NaN',
    );
    expect(() => hypothesisSentence({ rule, lossRatio: -1 })).toThrow(
      AnalysisParameterError,
    );
  });
});
