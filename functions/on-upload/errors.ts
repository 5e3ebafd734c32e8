/** An event on-upload cannot read: names the field and the value that came. */
export class UploadEventError extends Error {
  override name = 'UploadEventError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string,
    options?: { cause?: unknown },
  ) {
    super(
      `upload event field ${field}: expected ${expected}, got ${show(value)}`,
      options,
    );
  }
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);

  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
