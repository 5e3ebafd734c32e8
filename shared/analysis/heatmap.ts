import { SampleInputError } from './errors.ts';
import { grayscalePng } from './png.ts';
import type { GrayscalePng, GrayscalePngOptions } from './png.ts';

/** A sample's heatmap as its output carries it. */
export interface HeatmapCarrier {
  id: string;
  heatmap?: number[][];
}

export interface HeatmapShape {
  height: number;
  width: number;
}

/** What an aggressor's members' heatmaps have in common. */
export interface AggressorHeatmap extends HeatmapShape {
  /** Members with a heatmap: the mean is over them. */
  count: number;
  /** Cell-wise mean over those members, `height` rows of `width` values. */
  mean: number[][];
  /**
   * Mean cosine similarity over all pairs of members' heatmaps (all-zero
   * heatmaps left out): 1 when they all point the same way. Null with fewer
   * than 2 non-zero heatmaps.
   */
  consistency: number | null;
  /** Members whose heatmap is all zeros: they have no direction to compare. */
  zeroHeatmaps: number;
  /** The mean drawn in grayscale, lowest black, highest white. */
  image: GrayscalePng;
}

/**
 * Checks every heatmap of a run: a non-empty grid of finite numbers with rows
 * of equal length, all of the first one's shape. Returns that shape, or null
 * when no sample carries a heatmap.
 */
export function checkRunHeatmaps(
  samples: Iterable<HeatmapCarrier>,
): HeatmapShape | null {
  let shape: HeatmapShape | null = null;
  for (const sample of samples) {
    if (sample.heatmap !== undefined) {
      shape = checkedHeatmapShape(sample.id, sample.heatmap, shape);
    }
  }

  return shape;
}

/**
 * The mean heatmap of an aggressor's members, how consistent their heatmaps
 * are, and the mean as a PNG. Members without a heatmap are left out; null
 * when none has one.
 */
export function aggressorHeatmap(
  members: readonly HeatmapCarrier[],
  options: GrayscalePngOptions = {},
): AggressorHeatmap | null {
  const shape = checkRunHeatmaps(members);
  if (shape === null) {
    return null;
  }

  const totals = accumulate(members, shape.height * shape.width);
  const mean = totals.sum.map((v) => v / totals.count);

  return {
    ...shape,
    count: totals.count,
    mean: toRows(mean, shape.width),
    consistency: meanPairwiseCosine(totals.unitSum, totals.count - totals.zeroHeatmaps),
    zeroHeatmaps: totals.zeroHeatmaps,
    image: grayscalePng(mean, shape.width, shape.height, options),
  };
}

interface HeatmapTotals {
  /** Cell-wise sum of the heatmaps. */
  sum: Float64Array;
  /** Cell-wise sum of the heatmaps scaled to unit norm (all-zero ones add nothing). */
  unitSum: Float64Array;
  count: number;
  zeroHeatmaps: number;
}

function accumulate(members: readonly HeatmapCarrier[], cells: number): HeatmapTotals {
  const totals = {
    sum: new Float64Array(cells),
    unitSum: new Float64Array(cells),
    count: 0,
    zeroHeatmaps: 0,
  };
  for (const { heatmap } of members) {
    if (heatmap === undefined) {
      continue;
    }
    const values = Float64Array.from(heatmap.flat());
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    totals.count++;
    totals.zeroHeatmaps += norm === 0 ? 1 : 0;
    values.forEach((v, c) => {
      totals.sum[c] = (totals.sum[c] as number) + v;
      totals.unitSum[c] = (totals.unitSum[c] as number) + (norm === 0 ? 0 : v / norm);
    });
  }

  return totals;
}

/**
 * Mean cosine over the m(m-1)/2 pairs of m unit vectors from their sum S:
 * ‖S‖² = m + 2 Σ_{i<j} u_i·u_j, so the mean is (‖S‖² - m) / (m (m - 1)).
 */
function meanPairwiseCosine(unitSum: Float64Array, m: number): number | null {
  if (m < 2) {
    return null;
  }

  let squared = 0;
  for (const v of unitSum) {
    squared += v * v;
  }

  return Math.min(1, Math.max(-1, (squared - m) / (m * (m - 1))));
}

function checkedHeatmapShape(
  sampleId: string,
  heatmap: unknown,
  expected: HeatmapShape | null,
): HeatmapShape {
  const first: unknown = Array.isArray(heatmap) ? heatmap[0] : undefined;
  if (!Array.isArray(heatmap) || !Array.isArray(first) || first.length === 0) {
    throw new SampleInputError(
      sampleId,
      'heatmap',
      heatmap,
      'a non-empty grid of numbers',
    );
  }
  const shape = { height: heatmap.length, width: first.length };
  heatmap.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== shape.width) {
      const needed = `a row of ${shape.width} numbers, like row 0`;
      throw new SampleInputError(sampleId, `heatmap[${r}]`, row, needed);
    }
    row.forEach((value: unknown, c) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new SampleInputError(
          sampleId,
          `heatmap[${r}][${c}]`,
          value,
          'a finite number',
        );
      }
    });
  });
  if (
    expected &&
    (expected.height !== shape.height || expected.width !== shape.width)
  ) {
    const needed = `${expected.height} x ${expected.width} like the run's first heatmap`;
    throw new SampleInputError(
      sampleId,
      'heatmap',
      `${shape.height} x ${shape.width}`,
      needed,
    );
  }

  return shape;
}

function toRows(values: Float64Array, width: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < values.length; start += width) {
    rows.push(Array.from(values.subarray(start, start + width)));
  }

  return rows;
}
