import type { MetadataValue } from '../../../../shared/bundle/types.ts';
import type { SampleMetadata } from '../../../../shared/analysis/metadata/columns.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import type { RandomSource } from '../../../../shared/analysis/random.ts';

export const DOMAINS = ['example.com', 'mail.org', 'corp.net', 'x'];
export const GRADES = ['a', 'b', 'c'];

/**
 * Seeded e-mail-like metadata: html (boolean, ~35% true), mailingList
 * (boolean, ~50%), senderDomain (one of DOMAINS, "x" a single character),
 * lengthChars (integer 100..10000), year ("2015".."2020", numbers as
 * strings), source ("corpus" everywhere: constant), listId (a string, or
 * missing as null, absent or "" in ~30%), grade (a, b or c).
 */
export function emailSamples(n: number, seed: number): SampleMetadata[] {
  const random = seededRandom(seed);

  return Array.from({ length: n }, (_, i) => ({
    id: `s${String(i).padStart(4, '0')}`,
    metadata: emailMetadata(random, i),
  }));
}

function emailMetadata(random: RandomSource, i: number): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {
    html: random() < 0.35,
    mailingList: random() < 0.5,
    senderDomain: pick(random, DOMAINS),
    lengthChars: 100 + Math.floor(random() * 9901),
    year: String(2015 + Math.floor(random() * 6)),
    source: 'corpus',
    grade: pick(random, GRADES),
  };
  const draw = random();
  if (draw >= 0.3) {
    metadata.listId = `list-${Math.floor(draw * 10)}`;
  } else if (i % 3 !== 0) {
    metadata.listId = i % 3 === 1 ? null : '';
  }

  return metadata;
}

export function pick<T>(random: RandomSource, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** A mask (1 = member) of the samples for which `isMember` holds. */
export function maskWhere(
  samples: readonly SampleMetadata[],
  isMember: (metadata: Record<string, MetadataValue>) => boolean,
): Uint8Array {
  return Uint8Array.from(samples, (s) => (isMember(s.metadata) ? 1 : 0));
}
