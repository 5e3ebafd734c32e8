/** Bad input or a failed step of the speed benchmark, with the field and value. */
export class AnalysisBenchError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${message} (field ${field}, value ${String(value)})`);
    this.name = 'AnalysisBenchError';
  }
}
