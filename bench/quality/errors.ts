/** Where a bad value came from: the field and the value. */
export interface BenchErrorContext {
  field: string;
  value: unknown;
}

/** Base error of the quality benchmark; the message names the field and value. */
export class QualityBenchError extends Error {
  readonly field: string;
  readonly value: unknown;

  constructor(message: string, context: BenchErrorContext, options?: ErrorOptions) {
    super(
      `${message} (field ${context.field}, value ${preview(context.value)})`,
      options,
    );
    this.name = new.target.name;
    this.field = context.field;
    this.value = context.value;
  }
}

/** A scoring or planting function was given input it cannot use. */
export class BenchInputError extends QualityBenchError {}

/** No real metadata group fits the plant's rule. */
export class NoEligibleGroupError extends QualityBenchError {}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
