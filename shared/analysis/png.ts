import { encode } from 'fast-png';

import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount } from './matrix-checks.ts';

export interface GrayscalePngOptions {
  /** Each value becomes a square of this many pixels a side; default 1. */
  cellPixels?: number;
}

/** A grid drawn as an 8-bit grayscale PNG, with the values black and white stand for. */
export interface GrayscalePng {
  png: Uint8Array;
  width: number;
  height: number;
  /** The value drawn black (0). */
  min: number;
  /** The value drawn white (255); equal to `min` when the grid is constant (all black). */
  max: number;
}

/**
 * Draws a row-major grid of `height` rows and `width` columns as a grayscale
 * PNG: a value v becomes round(255 (v - min) / (max - min)), so the lowest
 * value is black and the highest white; a constant grid is all black.
 */
export function grayscalePng(
  values: Float64Array,
  width: number,
  height: number,
  options: GrayscalePngOptions = {},
): GrayscalePng {
  const rows = checkedRowCount('values', values, width);
  const cellPixels = options.cellPixels ?? 1;
  if (rows !== height) {
    throw new AnalysisParameterError('height', height, `${rows} (values / width)`);
  }
  if (!Number.isInteger(cellPixels) || cellPixels < 1) {
    throw new AnalysisParameterError('cellPixels', cellPixels, 'a positive integer');
  }

  const { min, max } = range(values);
  const levels = values.map((v) =>
    max > min ? Math.round((255 * (v - min)) / (max - min)) : 0,
  );
  const image = {
    width: width * cellPixels,
    height: height * cellPixels,
    data: upscale(levels, width, height, cellPixels),
    channels: 1,
    depth: 8 as const,
  };

  return { png: encode(image), width: image.width, height: image.height, min, max };
}

function range(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  return { min, max };
}

/** Pixels, row-major, each level repeated over a cellPixels x cellPixels square. */
function upscale(
  levels: Float64Array,
  width: number,
  height: number,
  cellPixels: number,
): Uint8Array {
  const pixelWidth = width * cellPixels;
  const pixels = new Uint8Array(pixelWidth * height * cellPixels);
  for (let y = 0; y < height * cellPixels; y++) {
    const row = Math.floor(y / cellPixels);
    for (let x = 0; x < pixelWidth; x++) {
      pixels[y * pixelWidth + x] = levels[
        row * width + Math.floor(x / cellPixels)
      ] as number;
    }
  }

  return pixels;
}
