/**
 * Which samples a metadata rule covers, one sample at a time, with the
 * analysis's reading of values (shared/analysis/metadata/columns.ts): null,
 * an absent field and a blank string are missing; `<=` and `>` compare
 * numbers or strings that read as numbers; `=` compares the value as text,
 * or a boolean with a boolean; `= null` means missing.
 */
import type { MetadataValue } from '../bundle/types.ts';
import type { RulePredicate } from '../analysis/rules/types.ts';
import type { TrackedSample } from './tracked-run.ts';

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface RuleCoverage {
  memberIds: string[];
  /** Fields the rule names that no sample of the run carries. */
  absentFields: string[];
}

export function ruleMembers(
  predicates: readonly RulePredicate[],
  samples: readonly TrackedSample[],
): RuleCoverage {
  const absentFields = fieldsNoSampleHas(predicates, samples);

  const memberIds = samples
    .filter((s) => predicates.every((p) => predicateHolds(s.metadata ?? {}, p)))
    .map((s) => s.id);

  return { memberIds, absentFields };
}

export function predicateHolds(
  metadata: Readonly<Record<string, MetadataValue>>,
  predicate: RulePredicate,
): boolean {
  const value = metadata[predicate.field];
  if (predicate.op === '=') return equals(value, predicate.value);

  const number = readNumber(value);
  if (number === undefined || typeof predicate.value !== 'number') return false;

  return predicate.op === '<=' ? number <= predicate.value : number > predicate.value;
}

function equals(value: MetadataValue | undefined, wanted: RulePredicate['value']) {
  if (wanted === null) return isMissing(value);
  if (isMissing(value)) return false;
  if (typeof wanted === 'boolean') return value === wanted;

  return String(value) === String(wanted);
}

function isMissing(value: MetadataValue | undefined): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '')
  );
}

function readNumber(value: MetadataValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) {
    return Number(value.trim());
  }

  return undefined;
}

function fieldsNoSampleHas(
  predicates: readonly RulePredicate[],
  samples: readonly TrackedSample[],
): string[] {
  const fields = [...new Set(predicates.map((p) => p.field))];

  return fields.filter((field) =>
    samples.every((s) => s.metadata === undefined || !(field in s.metadata)),
  );
}
