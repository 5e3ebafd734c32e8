import { ReportInputError } from './errors.ts';
import type { ReportInput, ReportSample } from './types.ts';

/** Refuses input the report cannot show truthfully; names the field and value. */
export function validateReportInput(input: ReportInput): void {
  for (const field of ['project', 'modelVersion', 'runId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '') {
      throw new ReportInputError(field, input[field], 'a non-empty string');
    }
  }
  for (const [name, count] of Object.entries(input.counts)) {
    if (!Number.isInteger(count) || count < 0) {
      throw new ReportInputError(`counts.${name}`, count, 'a count (integer >= 0)');
    }
  }

  const seen = new Set<string>();
  input.samples.forEach((sample, index) => {
    validateSample(sample, `samples[${index}]`);
    if (seen.has(sample.id)) {
      throw new ReportInputError(`samples[${index}].id`, sample.id, 'a unique id');
    }
    seen.add(sample.id);
  });
}

function validateSample(sample: ReportSample, at: string): void {
  if (typeof sample.id !== 'string' || sample.id === '') {
    throw new ReportInputError(`${at}.id`, sample.id, 'a non-empty string');
  }
  if (!Number.isFinite(sample.loss)) {
    throw new ReportInputError(`${at}.loss`, sample.loss, 'a finite number');
  }
  const placed = [sample.x, sample.y].filter((v) => v !== null);
  if (placed.length === 1 || placed.some((v) => !Number.isFinite(v))) {
    throw new ReportInputError(
      `${at}.x/y`,
      [sample.x, sample.y],
      'two finite coordinates, or both null',
    );
  }
}
