import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import { buildMetadataTable } from '../../../../shared/analysis/metadata/columns.ts';
import { compareMetadata } from '../../../../shared/analysis/metadata/compare.ts';
import type { SampleMetadata } from '../../../../shared/analysis/metadata/columns.ts';
import type { MetadataDifference } from '../../../../shared/analysis/metadata/types.ts';
import { emailSamples, maskWhere } from './synthetic.ts';

const samples = emailSamples(600, 11);
const table = buildMetadataTable(samples);
const planted = maskWhere(samples, (m) => m.html === true && m.mailingList === false);
const [differences] = compareMetadata(table, [planted]) as [MetadataDifference[]];

function row(field: string, value?: unknown): MetadataDifference {
  const found = differences.find((d) => d.field === field && d.value === value);
  if (found === undefined) {
    throw new Error(`no difference for ${field} = ${String(value)}`);
  }
  return found;
}

/** BH by its definition: q(i) = min over p(j) >= p(i) of p(j) m / rank(j). */
function naiveQ(pValues: number[]): number[] {
  const sorted = [...pValues].sort((a, b) => a - b);
  const m = pValues.length;
  return pValues.map((p) =>
    Math.min(1, ...sorted.flatMap((pj, j) => (pj >= p ? [(pj * m) / (j + 1)] : []))),
  );
}

describe('Function: compareMetadata', () => {
  it('finds the planted fields over-represented, with shares and lift from the samples', () => {
    const html = row('html', true);
    const inside = samples.filter((_, i) => planted[i] === 1);
    const outside = samples.filter((_, i) => planted[i] === 0);
    const htmlOutside = outside.filter((s) => s.metadata.html === true).length;
    const htmlAll = samples.filter((s) => s.metadata.html === true).length;

    expect(html).toMatchObject({ kind: 'boolean', measure: 'share', inside: 1 });
    expect(html.outside).toBe(htmlOutside / outside.length);
    expect(html.lift).toBeCloseTo(1 / (htmlAll / samples.length), 12);
    expect(html.effect).toBe(1 - htmlOutside / outside.length);
    expect(html.insideCount).toBe(inside.length);
    expect(html.qValue).toBeLessThan(1e-10);
    expect(row('mailingList', false)).toMatchObject({
      inside: 1,
      effect: expect.any(Number),
    });
    expect(
      differences
        .slice(0, 2)
        .map((d) => d.field)
        .sort(),
    ).toEqual(['html', 'mailingList']);
  });

  it('reports one level of a two-level field: the over-represented one', () => {
    expect(differences.filter((d) => d.field === 'html')).toHaveLength(1);
    expect(
      differences.filter((d) => d.field === 'mailingList').map((d) => d.value),
    ).toEqual([false]);
  });

  it('never reports a constant field', () => {
    expect(differences.some((d) => d.field === 'source')).toBe(false);
  });

  it('tests the missing bucket as a value of its own', () => {
    const missing = row('listId', null);
    const count = samples.filter((s) =>
      [null, undefined, ''].includes(s.metadata.listId as never),
    ).length;

    expect(missing.measure).toBe('share');
    expect(missing.insideCount + missing.outsideCount).toBe(count);
  });

  it('tests single-character categories like any other', () => {
    const x = row('senderDomain', 'x');
    const inside = samples.filter(
      (s, i) => planted[i] === 1 && s.metadata.senderDomain === 'x',
    );

    expect(x.insideCount).toBe(inside.length);
  });

  it("compares a numeric field stored as strings by mean, median and Cliff's delta", () => {
    const year = row('year');
    const values = samples.map((s) => Number(s.metadata.year));
    const inside = values.filter((_, i) => planted[i] === 1);
    const outside = values.filter((_, i) => planted[i] === 0);
    let pairs = 0;
    inside.forEach((a) => outside.forEach((b) => (pairs += Math.sign(a - b))));

    expect(year.kind).toBe('numeric');
    expect(year.measure).toBe('mean');
    expect(year.inside).toBeCloseTo(
      inside.reduce((s, v) => s + v, 0) / inside.length,
      10,
    );
    expect(year.effect).toBeCloseTo(pairs / (inside.length * outside.length), 12);
    expect(year.qValue).toBeGreaterThan(0.05);
  });

  it('matches scipy on a Mann–Whitney comparison', () => {
    // scipy 1.17.1: mannwhitneyu(x, y, method='asymptotic', use_continuity=True)
    // gives U = 57, p = 0.00790587081139777; Cliff's delta = 2 * 57 / 63 - 1.
    const x = [3.1, 4.5, 2.2, 8.0, 5.5, 5.5, 7.1];
    const y = [1.0, 2.2, 0.5, 3.3, 2.9, 1.8, 4.0, 2.2, 0.9];
    const fixed = buildMetadataTable(
      [...x, ...y].map((size, i) => ({ id: `r${i}`, metadata: { size } })),
    );
    const mask = Uint8Array.from([...x, ...y], (_, i) => (i < x.length ? 1 : 0));

    const [[size]] = compareMetadata(fixed, [mask]) as [[MetadataDifference]];

    expect(size.pValue).toBeCloseTo(0.00790587081139777, 12);
    expect(size.qValue).toBe(size.pValue);
    expect(size.effect).toBeCloseTo((2 * 57) / 63 - 1, 12);
    expect(size.insideMedian).toBe(5.5);
    expect(size.outsideMedian).toBe(2.2);
  });

  it('matches scipy on a 2 x 2 G-test', () => {
    // scipy 1.17.1: chi2_contingency([[12, 8], [30, 70]], correction=False,
    // lambda_='log-likelihood') gives p = 0.012115648476983642.
    const fixed: SampleMetadata[] = Array.from({ length: 120 }, (_, i) => ({
      id: `r${i}`,
      metadata: { tag: i < 12 || (i >= 20 && i < 50) ? 'a' : 'b' },
    }));
    const mask = Uint8Array.from(fixed, (_, i) => (i < 20 ? 1 : 0));

    const [[tag]] = compareMetadata(buildMetadataTable(fixed), [mask]) as [
      [MetadataDifference],
    ];

    expect(tag).toMatchObject({ value: 'a', inside: 12 / 20, outside: 30 / 100 });
    expect(tag.lift).toBeCloseTo(0.6 / (42 / 120), 12);
    expect(tag.pValue).toBeCloseTo(0.012115648476983642, 10);
  });

  it('computes q-values over every test of every group', () => {
    const second = maskWhere(samples, (m) => m.grade === 'a');

    const lists = compareMetadata(table, [planted, second]);
    const all = lists.flat();

    expect(all.map((d) => d.qValue)).toEqual(
      naiveQ(all.map((d) => d.pValue)).map((q) => expect.closeTo(q, 12)),
    );
    expect(lists[0]!.length).toBe(differences.length);
    expect(lists[0]!.some((d, i) => d.qValue !== differences[i]!.qValue)).toBe(true);
  });

  it('sorts each list by q-value, then by absolute effect', () => {
    const sorted = differences.every(
      (d, i) =>
        i === 0 ||
        differences[i - 1]!.qValue < d.qValue ||
        (differences[i - 1]!.qValue === d.qValue &&
          Math.abs(differences[i - 1]!.effect) >= Math.abs(d.effect)),
    );

    expect(sorted).toBe(true);
  });

  it('skips categories held by fewer samples than minValueCount', () => {
    const rare: SampleMetadata[] = Array.from({ length: 30 }, (_, i) => ({
      id: `r${i}`,
      metadata: { tag: i < 2 ? 'rare' : i % 2 ? 'odd' : 'even' },
    }));
    const mask = Uint8Array.from(rare, (_, i) => (i < 10 ? 1 : 0));

    const [list] = compareMetadata(buildMetadataTable(rare), [mask], {
      minValueCount: 3,
    });

    expect(list!.map((d) => d.value).sort()).toEqual(['even', 'odd']);
  });

  it('throws on a mask of the wrong length or one that takes every sample', () => {
    expect(() => compareMetadata(table, [new Uint8Array(5)])).toThrow(
      'parameter masks[0] must be a mask of 600 entries, got 5',
    );
    expect(() =>
      compareMetadata(table, [planted, new Uint8Array(600).fill(1)]),
    ).toThrow(AnalysisParameterError);
  });
});
