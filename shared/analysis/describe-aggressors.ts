/**
 * Everything said about each aggressor beyond its figures: the metadata that
 * sets it apart, a rule over metadata, a hypothesis sentence, representative
 * samples, the mean heatmap, and a suggested action with its evidence.
 */
import { suggestAction } from './actions.ts';
import { DEFAULT_DENSITY_K, density, runMedianKthDistance } from './density.ts';
import { otherClassProbability } from './disagreement.ts';
import { aggressorHeatmap, checkRunHeatmaps } from './heatmap.ts';
import { hypothesisSentence } from './hypothesis.ts';
import { rowIndex, sameIds, type Lookup } from './id-index.ts';
import { memberRows } from './member-rows.ts';
import { compareMetadata } from './metadata/compare.ts';
import { membershipMask } from './metadata/membership.ts';
import type { MetadataDifference, MetadataTable } from './metadata/types.ts';
import { representatives } from './representatives.ts';
import { findRule } from './rules/search.ts';
import type { CollectedSample } from './collect-samples.ts';
import type { Aggressor, AnalysisSample, LossContext, SampleOutput } from './types.ts';

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

export interface DescribeInput {
  context: LossContext;
  /** The clustered samples; rows of `matrix` in the same order. */
  clustered: readonly CollectedSample[];
  matrix: Float32Array;
  dimensions: number;
  /** Metadata of the clustered samples, rows as in `clustered`. */
  table: MetadataTable;
  samples: Lookup<AnalysisSample>;
  outputs: ReadonlyMap<string, SampleOutput>;
  aggressors: ReadonlyArray<{ sampleIds: string[]; lossRatio: number | null }>;
  /** Row of each clustered sample's id, when the caller has it already. */
  rowOf?: ReadonlyMap<string, number>;
  /** The clustered samples' ids, in their order, when the caller has them already. */
  ids?: readonly string[];
}

export function describeAggressors(input: DescribeInput): AggressorDescription[] {
  if (input.aggressors.length === 0) return [];

  const ids = input.ids ?? input.clustered.map((s) => s.id);
  const rowOf = input.rowOf ?? rowIndex(ids);
  const { table } = input;
  const tableRows = sameIds(table.sampleIds, ids) ? rowOf : rowIndex(table.sampleIds);
  const masks = input.aggressors.map((a) =>
    membershipMask(table.sampleIds, a.sampleIds, tableRows),
  );
  const differences = compareMetadata(table, masks);
  const losses = Float64Array.from(input.clustered, (s) => s.loss);
  const shared = sharedEvidence(input, losses);
  checkRunHeatmaps(input.outputs.values());

  return input.aggressors.map((aggressor, a) => {
    const rows = memberRows(ids, aggressor.sampleIds, rowOf);
    const rule = findRule(table, masks[a] as Uint8Array);
    const heatmap = aggressorHeatmap(
      aggressor.sampleIds.map((id) => input.outputs.get(id) ?? { id }),
    );
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
function sharedEvidence(input: DescribeInput, losses: Float64Array) {
  const { clustered, context } = input;
  const medianKth =
    clustered.length > DEFAULT_DENSITY_K
      ? runMedianKthDistance(input.matrix, input.dimensions, DEFAULT_DENSITY_K)
      : null;
  if (context.task !== 'classification') return { medianKth, classification: null };

  const probabilities = clustered.map((s) => {
    const sample = input.samples.get(s.id);
    const output = input.outputs.get(s.id);
    return sample && output ? otherClassProbability(context, sample, output) : null;
  });
  if (probabilities.some((p) => p === null) || losses.length === 0) {
    return { medianKth, classification: null };
  }

  return {
    medianKth,
    classification: {
      otherClassProbabilities: probabilities as number[],
      correct: clustered.map((s) => s.correct === true),
    },
  };
}

function significant(differences: readonly MetadataDifference[]): MetadataDifference[] {
  return differences.filter((d) => d.qValue <= MAX_Q_VALUE).slice(0, MAX_DIFFERENCES);
}
