/**
 * Everything said about each aggressor beyond its figures: the metadata that
 * sets it apart, a rule over metadata, a hypothesis sentence, representative
 * samples, the mean heatmap, and a suggested action with its evidence.
 */
import { suggestAction } from './actions.ts';
import { DEFAULT_DENSITY_K, density, runMedianKthDistance } from './density.ts';
import { aggressorHeatmap, checkRunHeatmaps } from './heatmap.ts';
import { hypothesisSentence } from './hypothesis.ts';
import { rowIndex, sameIds } from './id-index.ts';
import { memberRows } from './member-rows.ts';
import { compareMetadata } from './metadata/compare.ts';
import { membershipMask } from './metadata/membership.ts';
import type { MetadataDifference, MetadataTable } from './metadata/types.ts';
import { representatives } from './representatives.ts';
import { findRule } from './rules/search.ts';
import type { Aggressor, SampleOutput } from './types.ts';

/** At most this many metadata differences are kept per aggressor. */
const MAX_DIFFERENCES = 10;
const MAX_Q_VALUE = 0.05;

/** What is said of an aggressor beyond its figures, and its heatmap's PNG. */
export type AggressorDescription = Pick<
  Aggressor,
  'metadata' | 'rule' | 'hypothesis' | 'representatives' | 'heatmap' | 'action'
> & {
  /** The mean heatmap as a grayscale PNG; stored beside the results, not in them. */
  heatmapPng: Uint8Array | null;
};

/**
 * What the actions read of a classification run, per clustered sample: the
 * largest probability the model gives a class other than the label
 * (`otherClassProbability`), and whether it was right.
 */
export interface ClassEvidence {
  otherClassProbabilities: number[];
  correct: boolean[];
}

export interface DescribeInput {
  /** The clustered samples' ids: rows of `matrix` in the same order. */
  ids: readonly string[];
  /** Loss of each clustered sample, rows as in `ids`. */
  losses: Float64Array;
  /** Null outside classification, or when some output had no scores. */
  classification: ClassEvidence | null;
  matrix: Float32Array;
  dimensions: number;
  /** Metadata of the clustered samples, rows as in `ids`. */
  table: MetadataTable;
  /** The output of the clustered sample at a row (for its heatmap). */
  outputOfRow(row: number): SampleOutput;
  /** Every output of the run that carries a heatmap. */
  heatmaps(): Iterable<SampleOutput>;
  aggressors: ReadonlyArray<{ sampleIds: string[]; lossRatio: number | null }>;
  /** Row of each clustered sample's id, when the caller has it already. */
  rowOf?: ReadonlyMap<string, number>;
}

export function describeAggressors(input: DescribeInput): AggressorDescription[] {
  if (input.aggressors.length === 0) return [];

  const { ids, losses } = input;
  const rowOf = input.rowOf ?? rowIndex(ids);
  const { table } = input;
  const tableRows = sameIds(table.sampleIds, ids) ? rowOf : rowIndex(table.sampleIds);
  const masks = input.aggressors.map((a) =>
    membershipMask(table.sampleIds, a.sampleIds, tableRows),
  );
  const differences = compareMetadata(table, masks);
  const shared = sharedEvidence(input);
  checkRunHeatmaps(input.heatmaps());

  return input.aggressors.map((aggressor, a) => {
    const rows = memberRows(ids, aggressor.sampleIds, rowOf);
    const rule = findRule(table, masks[a] as Uint8Array);
    const heatmap = aggressorHeatmap(Array.from(rows, (row) => input.outputOfRow(row)));
    const found = representatives({
      sampleIds: ids,
      embeddings: input.matrix,
      dimensions: input.dimensions,
      losses,
      memberRows: rows,
    });

    return {
      metadata: significant(differences[a] ?? []),
      rule: rule && {
        text: rule.text,
        predicates: rule.predicates,
        coverage: rule.coverage,
        precision: rule.precision,
      },
      hypothesis: hypothesisSentence({
        rule,
        lossRatio: aggressor.lossRatio,
        differences: differences[a] ?? [],
      }),
      representatives: {
        typical: found.typical.map((s) => s.id),
        worst: found.worst.map((s) => s.id),
      },
      heatmap: heatmap && {
        height: heatmap.height,
        width: heatmap.width,
        count: heatmap.count,
        consistency: heatmap.consistency,
      },
      heatmapPng: heatmap?.image.png ?? null,
      action: suggestAction({
        losses,
        memberRows: rows,
        classification: shared.classification,
        density:
          shared.medianKth === null
            ? null
            : density(rows, input.matrix, input.dimensions, DEFAULT_DENSITY_K, {
                runMedianKthDistance: shared.medianKth,
              }),
      }),
    };
  });
}

/** The run-wide figures the actions compare each aggressor against. */
function sharedEvidence(input: DescribeInput) {
  const medianKth =
    input.ids.length > DEFAULT_DENSITY_K
      ? runMedianKthDistance(input.matrix, input.dimensions, DEFAULT_DENSITY_K)
      : null;

  return {
    medianKth,
    classification: input.losses.length === 0 ? null : input.classification,
  };
}

function significant(differences: readonly MetadataDifference[]): MetadataDifference[] {
  return differences.filter((d) => d.qValue <= MAX_Q_VALUE).slice(0, MAX_DIFFERENCES);
}
