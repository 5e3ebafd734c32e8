/** Where a bad value was found: the file, and when known the line and field. */
export interface ErrorContext {
  file?: string;
  line?: number;
  field?: string;
  value?: unknown;
}

/** Base error of the SpamAssassin demo; the context names what was wrong. */
export class SpamDemoError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  readonly value?: unknown;

  constructor(message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super(`${message}${describeContext(context)}`, options);
    this.name = new.target.name;
    this.file = context.file;
    this.line = context.line;
    this.field = context.field;
    this.value = context.value;
  }
}

/** The corpus files could not be read or hold something unexpected. */
export class CorpusError extends SpamDemoError {}

/** The word-embedding file or the vocabulary cache is not in the expected form. */
export class VocabularyError extends SpamDemoError {}

/** A model file is malformed or does not fit the vocabulary. */
export class ModelFileError extends SpamDemoError {}

/** Training data or options that cannot yield a model. */
export class TrainingError extends SpamDemoError {}

function describeContext(context: ErrorContext): string {
  const parts: string[] = [];
  if (context.file !== undefined) parts.push(`file ${context.file}`);
  if (context.line !== undefined) parts.push(`line ${context.line}`);
  if (context.field !== undefined) parts.push(`field ${context.field}`);
  if ('value' in context) parts.push(`value ${previewValue(context.value)}`);

  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function previewValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
