/**
 * A number given as a command-line option, read strictly: decimal notation
 * only ("3", "-0.5", "2e-3"), finite, and within the option's bounds. "",
 * "abc", "1e", "0x10", "NaN", "Infinity" and " 1" are refused with an
 * error naming the option and what was given.
 */
import { CliError } from './errors.ts';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export interface NumberBounds {
  integer?: boolean;
  /** Smallest allowed value. */
  atLeast?: number;
  /** Every allowed value is larger. */
  above?: number;
  /** Largest allowed value. */
  atMost?: number;
}

export function parseNumberOption(
  option: string,
  text: string,
  bounds: NumberBounds = {},
): number {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || !within(value, bounds)) {
    throw new CliError(
      `${option} must be ${describeBounds(bounds)}, got ${JSON.stringify(text)}`,
    );
  }

  return value;
}

function within(value: number, bounds: NumberBounds): boolean {
  const { integer, atLeast, above, atMost } = bounds;

  return (
    (!integer || Number.isInteger(value)) &&
    (atLeast === undefined || value >= atLeast) &&
    (above === undefined || value > above) &&
    (atMost === undefined || value <= atMost)
  );
}

/** "a whole number >= 1", "a number between 0 and 1", "a number > 0". */
export function describeBounds(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'a whole number' : 'a number';
  const { atLeast, above, atMost } = bounds;
  if (atLeast !== undefined && atMost !== undefined) {
    return `${kind} between ${atLeast} and ${atMost}`;
  }
  const limits = [
    atLeast !== undefined && `>= ${atLeast}`,
    above !== undefined && `> ${above}`,
    atMost !== undefined && `<= ${atMost}`,
  ].filter((limit) => limit !== false);

  return limits.length === 0 ? kind : `${kind} ${limits.join(' and ')}`;
}
