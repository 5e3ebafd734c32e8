import {
  NonFiniteValueError,
  StatisticInputError,
  TooFewValuesError,
} from '../errors.ts';

/** Numbers as the statistics take them. */
export type Values = Float64Array | readonly number[];

/** Refuses a sample shorter than `minimum` or holding a NaN or infinity. */
export function checkSample(values: Values, field: string, minimum: number): void {
  if (values.length < minimum) {
    throw new TooFewValuesError(field, values.length, minimum);
  }

  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) {
      throw new NonFiniteValueError(field, i, value);
    }
  }
}

/** Refuses anything but a number in the open interval (0, 1). */
export function checkOpenUnit(value: number, field: string): void {
  if (!(value > 0 && value < 1)) {
    throw new StatisticInputError(field, value, 'a number between 0 and 1 (exclusive)');
  }
}
