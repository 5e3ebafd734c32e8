import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import { buildMetadataTable } from '../../../../shared/analysis/metadata/columns.ts';
import type { SampleMetadata } from '../../../../shared/analysis/metadata/columns.ts';
import type {
  MetadataColumn,
  MetadataTable,
} from '../../../../shared/analysis/metadata/types.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import { candidatePredicates } from '../../../../shared/analysis/rules/predicates.ts';
import { findRule } from '../../../../shared/analysis/rules/search.ts';
import type { RulePredicate } from '../../../../shared/analysis/rules/types.ts';
import type { MetadataValue } from '../../../../shared/bundle/types.ts';
import { emailSamples, maskWhere, pick } from '../metadata/synthetic.ts';

/** Whether a sample's own metadata satisfies a predicate (read from the sample). */
function holds(metadata: Record<string, MetadataValue>, p: RulePredicate): boolean {
  const raw = metadata[p.field];
  const missing = raw === null || raw === undefined || raw === '';
  if (p.value === null) {
    return missing;
  }
  if (p.op === '=') {
    return raw === p.value;
  }
  const t = Number(p.value);
  return !missing && (p.op === '<=' ? Number(raw) <= t : Number(raw) > t);
}

function recount(
  samples: SampleMetadata[],
  mask: Uint8Array,
  predicates: RulePredicate[],
) {
  const covered = samples.map((s) => predicates.every((p) => holds(s.metadata, p)));
  const support = covered.filter(Boolean).length;
  const members = covered.filter((c, i) => c && mask[i] === 1).length;
  const groupSize = mask.reduce((s, m) => s + m, 0);
  return { support, coverage: members / groupSize, precision: members / support };
}

/** Rows a predicate covers, evaluated directly on the column. */
function rowsOf(column: MetadataColumn, p: RulePredicate): boolean[] {
  return Array.from(
    { length: column.kind === 'numeric' ? column.values.length : column.codes.length },
    (_, i) => {
      if (column.kind === 'numeric') {
        const v = column.values[i] as number;
        if (p.value === null) return Number.isNaN(v);
        return p.op === '<=' ? v <= (p.value as number) : v > (p.value as number);
      }
      return column.levels[column.codes[i] as number] === p.value;
    },
  );
}

/**
 * Best F1 over every conjunction of up to three predicates on distinct fields,
 * starting from the empty rule's (everything).
 */
function bruteForceBest(
  table: MetadataTable,
  mask: Uint8Array,
  minSupport: number,
): number {
  const candidates = candidatePredicates(table, minSupport, 10).map((c) => ({
    column: c.column,
    rows: rowsOf(table.columns[c.column] as MetadataColumn, c.predicate),
  }));
  const groupSize = mask.reduce((s, m) => s + m, 0);
  let best = (2 * groupSize) / (table.size + groupSize);
  const score = (parts: number[]) => {
    let support = 0;
    let members = 0;
    for (let i = 0; i < table.size; i++) {
      if (parts.every((p) => candidates[p]!.rows[i])) {
        support++;
        members += mask[i] as number;
      }
    }
    return support < minSupport || members === 0
      ? -1
      : (2 * members) / (support + groupSize);
  };
  const distinct = (parts: number[]) =>
    new Set(parts.map((p) => candidates[p]!.column)).size === parts.length;
  const m = candidates.length;
  for (let a = 0; a < m; a++) {
    best = Math.max(best, score([a]));
    for (let b = a + 1; b < m; b++) {
      if (distinct([a, b])) best = Math.max(best, score([a, b]));
      for (let c = b + 1; c < m; c++) {
        if (distinct([a, b, c])) best = Math.max(best, score([a, b, c]));
      }
    }
  }
  return best;
}

/** A small random table and a random group that follows one field loosely. */
function smallRandom(seed: number): { table: MetadataTable; mask: Uint8Array } {
  const random = seededRandom(seed);
  const samples = Array.from({ length: 60 }, (_, i) => ({
    id: `r${i}`,
    metadata: {
      colour: pick(random, ['red', 'green', 'blue', 'y']),
      flag: random() < 0.4,
      size: random() < 0.1 ? null : Math.round(random() * 100),
      shape: pick(random, ['round', 'square']),
    },
  }));
  const mask = Uint8Array.from(samples, (s) =>
    random() < (s.metadata.colour === 'red' ? 0.6 : 0.15) ? 1 : 0,
  );
  return { table: buildMetadataTable(samples), mask };
}

describe('Function: findRule', () => {
  const samples = emailSamples(600, 11);
  const table = buildMetadataTable(samples);

  it('recovers a planted conjunction of two boolean fields exactly', () => {
    const mask = maskWhere(samples, (m) => m.html === true && m.mailingList === false);

    const rule = findRule(table, mask);

    expect(rule?.predicates).toEqual([
      { field: 'html', op: '=', value: true },
      { field: 'mailingList', op: '=', value: false },
    ]);
    expect(rule).toMatchObject({
      text: 'html and not mailingList',
      coverage: 1,
      precision: 1,
    });
    expect(rule?.support).toBe(recount(samples, mask, rule!.predicates).support);
  });

  it('returns coverage and precision that recompute from the samples on a noisy plant', () => {
    const random = seededRandom(5);
    const mask = maskWhere(samples, (m) =>
      m.html === true && m.mailingList === false ? random() < 0.85 : random() < 0.03,
    );

    const rule = findRule(table, mask);
    const recounted = recount(samples, mask, rule!.predicates);

    expect(rule!.predicates.map((p) => p.field)).toEqual(['html', 'mailingList']);
    expect(rule!.support).toBe(recounted.support);
    expect(rule!.coverage).toBe(recounted.coverage);
    expect(rule!.precision).toBe(recounted.precision);
    expect(rule!.score).toBeCloseTo(
      (2 * recounted.coverage * recounted.precision) /
        (recounted.coverage + recounted.precision),
      12,
    );
  });

  it('recovers a planted numeric threshold within one quantile step', () => {
    const planted = 7300;
    const mask = maskWhere(samples, (m) => (m.lengthChars as number) > planted);

    const rule = findRule(table, mask);
    const [predicate] = rule!.predicates as [RulePredicate];
    const t = predicate.value as number;
    const lengths = samples.map((s) => s.metadata.lengthChars as number);
    const between = lengths.filter(
      (v) => v > Math.min(t, planted) && v <= Math.max(t, planted),
    );

    expect(rule!.predicates).toHaveLength(1);
    expect(predicate).toMatchObject({ field: 'lengthChars', op: '>' });
    expect(between.length / lengths.length).toBeLessThanOrEqual(0.1);
  });

  it('describes a group defined by a missing value with the missing bucket', () => {
    const mask = maskWhere(samples, (m) =>
      [null, undefined, ''].includes(m.listId as never),
    );

    const rule = findRule(table, mask);

    expect(rule).toMatchObject({
      text: 'listId missing',
      predicates: [{ field: 'listId', op: '=', value: null }],
      coverage: 1,
      precision: 1,
    });
  });

  it('uses single-character category values', () => {
    const mask = maskWhere(samples, (m) => m.senderDomain === 'x' && m.html === false);

    const rule = findRule(table, mask);

    expect(rule?.text).toBe('not html and senderDomain = x');
  });

  it('never uses a constant field', () => {
    const mask = maskWhere(samples, (m) => m.grade === 'b');

    const rule = findRule(table, mask, { beamWidth: Infinity });
    const predicates = candidatePredicates(table, 1, 10);

    expect(rule?.text).toBe('grade = b');
    expect(predicates.some((p) => p.predicate.field === 'source')).toBe(false);
  });

  it('returns null when no rule beats describing everything', () => {
    const flat = buildMetadataTable(
      samples.map((s) => ({ id: s.id, metadata: { source: 'corpus' } })),
    );
    const mask = maskWhere(samples, (m) => m.html === true);

    expect(findRule(flat, mask)).toBeNull();
  });

  it('finds the same best score as brute force on small random inputs', () => {
    let found = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const { table: small, mask } = smallRandom(seed);
      const groupSize = mask.reduce((s, m) => s + m, 0);
      const everything = (2 * groupSize) / (small.size + groupSize);
      const expected = bruteForceBest(small, mask, 3);

      const exact = findRule(small, mask, { minSupport: 3, beamWidth: Infinity });
      const beamed = findRule(small, mask, { minSupport: 3 });

      expect(exact?.score ?? everything, `seed ${seed}`).toBe(expected);
      expect(exact?.exhaustive ?? true).toBe(true);
      expect(beamed?.score ?? everything, `seed ${seed}`).toBe(expected);
      found += exact === null ? 0 : 1;
    }

    expect(found).toBeGreaterThanOrEqual(8);
  });

  it('says the search was not exhaustive when the beam cut candidates', () => {
    const { table: small, mask } = smallRandom(3);

    const narrow = findRule(small, mask, { minSupport: 3, beamWidth: 1 });

    expect(narrow?.exhaustive).toBe(false);
  });

  it('throws on a parameter outside its domain', () => {
    const mask = maskWhere(samples, (m) => m.html === true);

    expect(() => findRule(table, mask, { maxPredicates: 0 })).toThrow(
      AnalysisParameterError,
    );
    expect(() => findRule(table, mask, { beamWidth: 2.5 })).toThrow(
      'parameter beamWidth must be an integer >= 1, got 2.5',
    );
  });
});
