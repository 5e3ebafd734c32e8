import { describe, expect, it } from 'vitest';

import { NoEligibleGroupError } from '../../../bench/quality/errors.ts';
import { associatedClass, plantSlices } from '../../../bench/quality/plant.ts';
import type { PlantData, SpamClass } from '../../../bench/quality/types.ts';
import type { MetadataValue } from '../../../shared/bundle/types.ts';

/**
 * 400 samples: a.com holds 50 (the only noisy-label group: 40..160), b.com 30
 * (the only rare group: 25..39), the rest one sender each. Every fourth sample
 * is spam; html marks spam except on samples 0..19 (ham with html).
 */
function fixture(): PlantData {
  const labels: SpamClass[] = Array.from({ length: 400 }, (_, i) =>
    i % 4 === 3 ? 'spam' : 'ham',
  );
  const metadata = labels.map((label, i): Record<string, MetadataValue> => ({
    senderDomain: i < 50 ? 'a.com' : i < 80 ? 'b.com' : `x${i}.org`,
    html: label === 'spam' ? i % 8 !== 7 : i < 20,
    mailingList: label === 'ham',
    multipart: i % 2 === 0,
  }));

  return { labels, metadata };
}

const data = fixture();
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i);
const differing = (a: readonly SpamClass[], b: readonly SpamClass[]) =>
  range(0, a.length).filter((i) => a[i] !== b[i]);

describe('Function: plantSlices', () => {
  it('noisy-label: flips the labels of exactly the strength share of one group', () => {
    const plant = plantSlices(data, 'noisy-label', { strength: 0.4, seed: 1 });

    const flipped = differing(plant.labels, data.labels);
    expect(plant.field).toBe('senderDomain');
    expect(plant.slices).toEqual([
      { name: 'senderDomain = a.com', memberIndexes: range(0, 50) },
    ]);
    expect(flipped).toHaveLength(20);
    expect(flipped.every((i) => i < 50)).toBe(true);
  });

  it('noisy-label: predicts the original label, so flipped members look wrong', () => {
    const plant = plantSlices(data, 'noisy-label', {
      strength: 0.4,
      seed: 1,
      baseErrorRate: 0,
    });

    expect(plant.predictions).toEqual(data.labels);
    expect(differing(plant.predictions, plant.labels)).toHaveLength(20);
  });

  it('rare: makes the strength share of the small group wrong and leaves labels alone', () => {
    const plant = plantSlices(data, 'rare', {
      strength: 0.6,
      seed: 2,
      baseErrorRate: 0,
    });

    expect(plant.slices).toEqual([
      { name: 'senderDomain = b.com', memberIndexes: range(50, 80) },
    ]);
    expect(plant.labels).toEqual(data.labels);
    const wrong = differing(plant.predictions, data.labels);
    expect(wrong).toHaveLength(18);
    expect(wrong.every((i) => i >= 50 && i < 80)).toBe(true);
  });

  it('correlation: plants each anti-correlated cell as its own slice', () => {
    const plant = plantSlices(data, 'correlation', {
      strength: 0.5,
      seed: 3,
      baseErrorRate: 0,
    });
    const field = plant.field;
    const flag = (i: number) => data.metadata[i]?.[field] === true;
    const flags = data.labels.map((_, i) => flag(i));
    const associated = associatedClass(data.labels, flags);

    expect(['html', 'mailingList', 'multipart']).toContain(field);
    for (const slice of plant.slices) {
      const [first] = slice.memberIndexes;
      const cellFlag = flag(first as number);
      const cellLabel = data.labels[first as number];
      expect(slice.name).toBe(`${field} = ${cellFlag}, label = ${cellLabel}`);
      expect(cellFlag === (cellLabel !== associated)).toBe(true);
      const wrong = slice.memberIndexes.filter(
        (i) => plant.predictions[i] !== data.labels[i],
      );
      expect(wrong).toHaveLength(Math.round(0.5 * slice.memberIndexes.length));
    }
    const inCells = new Set(plant.slices.flatMap((s) => s.memberIndexes));
    const wrongOutside = differing(plant.predictions, data.labels).filter(
      (i) => !inCells.has(i),
    );
    expect(wrongOutside).toEqual([]);
  });

  it('degrades a superset of the weaker plant’s members at a higher strength', () => {
    const weak = plantSlices(data, 'rare', {
      strength: 0.2,
      seed: 5,
      baseErrorRate: 0,
    });
    const strong = plantSlices(data, 'rare', {
      strength: 0.6,
      seed: 5,
      baseErrorRate: 0,
    });

    const weakWrong = differing(weak.predictions, data.labels);
    const strongWrong = new Set(differing(strong.predictions, data.labels));
    expect(weakWrong.every((i) => strongWrong.has(i))).toBe(true);
  });

  it('gives the same plant for the same seed and another for another seed', () => {
    const once = plantSlices(data, 'noisy-label', { strength: 0.4, seed: 9 });
    const again = plantSlices(data, 'noisy-label', { strength: 0.4, seed: 9 });
    const other = plantSlices(data, 'noisy-label', { strength: 0.4, seed: 10 });

    expect(again).toEqual(once);
    expect(other.labels).not.toEqual(once.labels);
  });

  it('throws naming the strength when it lies outside [0, 1]', () => {
    expect(() => plantSlices(data, 'rare', { strength: 1.5, seed: 1 })).toThrow(
      expect.objectContaining({ field: 'strength', value: 1.5 }),
    );
  });

  it('throws naming the field when no group has a size the kind allows', () => {
    const tiny: PlantData = {
      labels: data.labels.slice(0, 20),
      metadata: data.metadata.slice(0, 20),
    };

    const act = () => plantSlices(tiny, 'rare', { strength: 0.5, seed: 1 });

    expect(act).toThrow(NoEligibleGroupError);
    expect(act).toThrow(expect.objectContaining({ field: 'senderDomain' }));
  });

  it('throws naming the field and value of a correlation field that is not boolean', () => {
    const broken: PlantData = {
      labels: data.labels,
      metadata: data.metadata.map((row, i) =>
        i === 7 ? { ...row, html: 'yes', mailingList: 'yes', multipart: 'yes' } : row,
      ),
    };

    expect(() =>
      plantSlices(broken, 'correlation', { strength: 0.5, seed: 1 }),
    ).toThrow(expect.objectContaining({ value: 'yes' }));
  });
});

describe('Function: associatedClass', () => {
  it('returns the class that carries the flag more often', () => {
    expect(
      associatedClass(['ham', 'ham', 'spam', 'spam'], [false, true, true, true]),
    ).toBe('spam');
    expect(associatedClass(['ham', 'ham', 'spam'], [true, true, false])).toBe('ham');
  });
});
