/**
 * The 2-D map of the run's samples: one point per sample with coordinates
 * (a seeded subsample past the limit), coloured by loss, by aggressor or by
 * a metadata field the reader picks; the tooltip shows id, label,
 * prediction and loss.
 */
import { formatValue } from './format.ts';
import { fieldValue, mapFields, MISSING, OTHER } from './metadata-fields.ts';
import type { MapField } from './metadata-fields.ts';
import { subsample } from './subsample.ts';
import type { ReportAggressor, ReportSample } from './types.ts';

export type ChartSpec = Record<string, unknown>;

/** Not in any aggressor. */
export const NO_AGGRESSOR = 'none';

export interface MapColoring {
  key: string;
  label: string;
  encoding: ChartSpec;
}

export interface MapChart {
  spec: ChartSpec;
  colorings: MapColoring[];
  /** Points drawn. */
  shown: number;
  /** Samples with coordinates. */
  placed: number;
  /** Samples without coordinates (quarantined). */
  unplaced: number;
}

const AGGRESSOR_COLOURS = [
  '#d62728',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#bcbd22',
  '#17becf',
  '#1f77b4',
  '#2ca02c',
  '#7f7f7f',
];

export function mapChart(
  samples: readonly ReportSample[],
  aggressors: readonly ReportAggressor[],
  limit: number,
  seed: number,
): MapChart {
  const placed = samples.filter((s) => s.x !== null && s.y !== null);
  const shown = subsample(placed, limit, seed);
  const fields = mapFields(shown);
  const labels = aggressorLabels(aggressors);

  const points = shown.map((sample) => mapPoint(sample, fields, labels));
  const colorings = [
    lossColoring(),
    aggressorColoring(aggressors),
    ...fields.map(fieldColoring),
  ];

  return {
    spec: mapSpec(points, colorings[0]?.encoding ?? {}),
    colorings,
    shown: shown.length,
    placed: placed.length,
    unplaced: samples.length - placed.length,
  };
}

/** `#<rank>` by member sample id. */
function aggressorLabels(aggressors: readonly ReportAggressor[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const aggressor of [...aggressors].reverse()) {
    for (const id of aggressor.sampleIds) labels.set(id, `#${aggressor.rank}`);
  }

  return labels;
}

function mapPoint(
  sample: ReportSample,
  fields: readonly MapField[],
  labels: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const point: Record<string, unknown> = {
    id: sample.id,
    x: sample.x,
    y: sample.y,
    loss: sample.loss,
    label: formatValue(sample.label),
    prediction: formatValue(sample.prediction),
    aggressor: labels.get(sample.id) ?? NO_AGGRESSOR,
  };
  for (const field of fields) {
    point[field.key] = fieldValue(field, sample.metadata?.[field.name]);
  }

  return point;
}

function mapSpec(points: unknown[], color: ChartSpec): ChartSpec {
  return {
    width: 640,
    height: 420,
    data: { name: 'points' },
    datasets: { points },
    mark: { type: 'circle', size: 22, opacity: 0.75 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'map x (PCA 1)' },
      y: { field: 'y', type: 'quantitative', title: 'map y (PCA 2)' },
      color,
      order: { field: 'loss', type: 'quantitative', sort: 'ascending' },
      tooltip: [
        { field: 'id', type: 'nominal', title: 'id' },
        { field: 'label', type: 'nominal', title: 'label' },
        { field: 'prediction', type: 'nominal', title: 'prediction' },
        { field: 'loss', type: 'quantitative', title: 'loss', format: '.3f' },
        { field: 'aggressor', type: 'nominal', title: 'aggressor' },
      ],
    },
  };
}

function lossColoring(): MapColoring {
  return {
    key: 'loss',
    label: 'loss',
    encoding: {
      field: 'loss',
      type: 'quantitative',
      title: 'loss',
      scale: { scheme: 'viridis', type: 'sqrt' },
    },
  };
}

function aggressorColoring(aggressors: readonly ReportAggressor[]): MapColoring {
  const domain = aggressors.map((a) => `#${a.rank}`);
  const range = domain.map((_, i) => AGGRESSOR_COLOURS[i % AGGRESSOR_COLOURS.length]);

  return {
    key: 'aggressor',
    label: 'aggressor',
    encoding: {
      field: 'aggressor',
      type: 'nominal',
      title: 'aggressor',
      scale: { domain: [...domain, NO_AGGRESSOR], range: [...range, '#c8c8c8'] },
    },
  };
}

function fieldColoring(field: MapField): MapColoring {
  const encoding: ChartSpec =
    field.kind === 'numeric'
      ? { field: field.key, type: 'quantitative', title: field.name }
      : {
          field: field.key,
          type: 'nominal',
          title: field.name,
          scale: { scheme: 'tableau20' },
          sort: [...field.levels, OTHER, MISSING],
        };

  return { key: field.key, label: `metadata: ${field.name}`, encoding };
}
