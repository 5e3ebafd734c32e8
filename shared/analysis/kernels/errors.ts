import { AnalysisError } from '../errors.ts';

/** The kernels could not run: memory exhausted, or a worker thread failed. */
export class KernelError extends AnalysisError {
  constructor(message: string, field?: string, value?: unknown) {
    super(message, {
      ...(field === undefined ? {} : { field }),
      ...(value === undefined ? {} : { value: String(value) }),
    });
    this.name = 'KernelError';
  }
}
