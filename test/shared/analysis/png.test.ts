import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';

import { grayscalePng } from '../../../shared/analysis/png.ts';

describe('Function: grayscalePng', () => {
  it('encodes a PNG that decodes to the grid, lowest black and highest white', () => {
    const values = Float64Array.from([-1, 0, 1, 3, 2, 1]);

    const image = grayscalePng(values, 3, 2);
    const decoded = decode(image.png);

    expect(decoded).toMatchObject({ width: 3, height: 2, channels: 1, depth: 8 });
    expect(Array.from(decoded.data)).toEqual(
      Array.from(values, (v) => Math.round((255 * (v + 1)) / 4)),
    );
    expect(image).toMatchObject({ width: 3, height: 2, min: -1, max: 3 });
  });

  it('draws each value as a square of cellPixels', () => {
    const image = grayscalePng(Float64Array.from([0, 1]), 2, 1, { cellPixels: 2 });
    const decoded = decode(image.png);

    expect([decoded.width, decoded.height]).toEqual([4, 2]);
    expect(Array.from(decoded.data)).toEqual([0, 0, 255, 255, 0, 0, 255, 255]);
  });

  it('draws a constant grid all black', () => {
    const decoded = decode(grayscalePng(new Float64Array(4).fill(7), 2, 2).png);

    expect(Array.from(decoded.data)).toEqual([0, 0, 0, 0]);
  });

  it('refuses a height that does not match the values', () => {
    expect(() => grayscalePng(new Float64Array(6), 3, 3)).toThrow(
      'parameter height must be 2 (values / width), got 3',
    );
  });
});
