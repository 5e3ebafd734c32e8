/** What a reader needs to find the bad input. */
export interface AnalysisErrorContext {
  sampleId?: string;
  field?: string;
  value?: string;
}

/** The error as a plain record (the run record's `error` takes this shape). */
export interface AnalysisErrorRecord {
  message: string;
  field?: string;
  value?: string;
}

/** Base error of the analysis: bad input it refuses, with the place and value. */
export class AnalysisError extends Error {
  readonly context: AnalysisErrorContext;

  constructor(message: string, context: AnalysisErrorContext = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AnalysisError';
    this.context = context;
  }

  toRecord(): AnalysisErrorRecord {
    const { field, value } = this.context;

    return {
      message: this.message,
      ...(field === undefined ? {} : { field }),
      ...(value === undefined ? {} : { value }),
    };
  }
}

/** Nothing to analyse: no samples, or too few with embeddings to cluster. */
export class EmptyAnalysisError extends AnalysisError {
  constructor(message: string) {
    super(message);
    this.name = 'EmptyAnalysisError';
  }
}

/** A sample or its output lacks what its task needs, or holds a bad value. */
export class SampleInputError extends AnalysisError {
  constructor(sampleId: string, field: string, value: unknown, needed: string) {
    const shown = describeValue(value);
    super(`sample ${sampleId}: field ${field} must be ${needed}, got ${shown}`, {
      sampleId,
      field,
      value: shown,
    });
    this.name = 'SampleInputError';
  }
}

/** An embedding whose length differs from the first one seen. */
export class DimensionMismatchError extends AnalysisError {
  constructor(sampleId: string, expected: number, actual: number) {
    super(
      `sample ${sampleId}: embedding has ${actual} dimensions, expected ${expected}`,
      { sampleId, field: 'embedding', value: String(actual) },
    );
    this.name = 'DimensionMismatchError';
  }
}

/** A loss that came out NaN or infinite. */
export class NonFiniteLossError extends AnalysisError {
  constructor(sampleId: string, loss: number) {
    super(`sample ${sampleId}: loss is not finite (${loss})`, {
      sampleId,
      field: 'loss',
      value: String(loss),
    });
    this.name = 'NonFiniteLossError';
  }
}

/** A parameter of the analysis outside its domain. */
export class AnalysisParameterError extends AnalysisError {
  constructor(field: string, value: unknown, needed: string) {
    const shown = describeValue(value);
    super(`parameter ${field} must be ${needed}, got ${shown}`, {
      field,
      value: shown,
    });
    this.name = 'AnalysisParameterError';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }

  const text =
    typeof value === 'number' ? String(value) : String(JSON.stringify(value));

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A statistic's input outside what the statistic accepts. */
export class StatisticInputError extends AnalysisError {
  constructor(field: string, value: unknown, needed: string) {
    const shown = describeValue(value);
    super(`${field} must be ${needed}, got ${shown}`, { field, value: shown });
    this.name = 'StatisticInputError';
  }
}

/** Fewer values than a statistic needs: an empty sample, a group of one. */
export class TooFewValuesError extends StatisticInputError {
  constructor(field: string, count: number, minimum: number) {
    super(field, count, `a sample of at least ${minimum} values`);
    this.name = 'TooFewValuesError';
  }
}

/** A NaN or infinite value where a statistic needs a finite number. */
export class NonFiniteValueError extends StatisticInputError {
  constructor(field: string, index: number, value: number) {
    super(`${field}[${index}]`, value, 'a finite number');
    this.name = 'NonFiniteValueError';
  }
}

/** Two constant samples with different values: the test statistic is infinite. */
export class ZeroVarianceError extends StatisticInputError {
  constructor(fields: string, meanA: number, meanB: number) {
    super(
      fields,
      `constants ${meanA} and ${meanB}`,
      'samples with some variance, or equal constants',
    );
    this.name = 'ZeroVarianceError';
  }
}

/** A candidate group handed to the significance step that cannot be assessed. */
export class CandidateInputError extends AnalysisError {
  constructor(field: string, value: unknown, needed: string) {
    const shown = describeValue(value);
    super(`${field} must be ${needed}, got ${shown}`, { field, value: shown });
    this.name = 'CandidateInputError';
  }
}
