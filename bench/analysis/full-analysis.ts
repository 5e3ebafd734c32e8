/**
 * The full analysis on synthetic embeddings: a binary classifier that errs on
 * 5 % of samples, and on half of those in the FAILING_GROUPS planted groups;
 * metadata with a source field that follows the groups and a number; then
 * the labeling queue over a pool of planted rows. Times each part.
 */
import { analyzeRun } from '../../shared/analysis/analyze.ts';
import { rowIndex } from '../../shared/analysis/id-index.ts';
import { labelingQueue } from '../../shared/analysis/labeling-queue.ts';
import { seededRandom } from '../../shared/analysis/random.ts';
import { MetadataColumnsBuilder } from '../../shared/columnar/metadata-columns.ts';
import type { AnalyzeRunInput, RunAsColumns } from '../../shared/analysis/types.ts';
import type { LoadedMatrix } from './npy-file.ts';
import { FAILING_GROUPS, groupOf } from './synthetic.ts';

const BASE_ERROR_RATE = 0.05;
const FAILING_ERROR_RATE = 0.5;
const LABELING_BUDGET = 500;

export interface AnalysisTiming {
  analysisSeconds: number;
  analyzeRunSeconds: number;
  labelingQueueSeconds: number;
  inputSeconds: number;
  aggressors: number;
  k: number;
  /** Share of the first aggressor's members in the planted failing groups. */
  topAggressorPlantedShare: number | null;
}

/**
 * The synthetic run in the form the analyze Lambda reads a run into
 * (functions/analyze/run-matrix.ts): ids, labels, scores and metadata as
 * columns, the embeddings as the loaded matrix; rows in file order.
 */
export function plantedRun(matrix: LoadedMatrix): AnalyzeRunInput & RunAsColumns {
  const random = seededRandom(7);
  const n = matrix.rows;
  const ids: string[] = [];
  const labels: string[] = [];
  const scores = new Float64Array(n * 2);
  const metadata = new MetadataColumnsBuilder(n);
  for (let i = 0; i < n; i++) {
    const group = groupOf(i);
    ids.push(`s${String(i).padStart(7, '0')}`);
    const label = random() < 0.5 ? 'ham' : 'spam';
    const errorRate = group < FAILING_GROUPS ? FAILING_ERROR_RATE : BASE_ERROR_RATE;
    const wrong = random() < errorRate;
    const confidence = 0.6 + 0.39 * random();
    const pHam = (label === 'ham') !== wrong ? confidence : 1 - confidence;
    labels.push(label);
    metadata.append({
      source: `source-${group % 8}`,
      length: Math.round(100 + 900 * random()),
    });
    scores[i * 2] = pHam;
    scores[i * 2 + 1] = 1 - pHam;
  }

  return {
    task: 'classification',
    classes: ['ham', 'spam'],
    scoreKind: 'probabilities',
    columns: {
      ids,
      labels,
      scoreWidth: 2,
      scores,
      hasScores: new Uint8Array(n).fill(1),
      others: new Array<undefined>(n).fill(undefined),
    },
    embeddings: { rows: matrix.rows, dimensions: matrix.cols, data: matrix.data },
    metadataColumns: metadata.finish(),
  };
}

export function timeAnalysis(matrix: LoadedMatrix, poolRows: number): AnalysisTiming {
  const began = performance.now();
  const input = plantedRun(matrix);
  const inputSeconds = (performance.now() - began) / 1000;

  const analysisBegan = performance.now();
  const analysis = analyzeRun(input);
  const analyzeRunSeconds = (performance.now() - analysisBegan) / 1000;
  const queueBegan = performance.now();
  const rowOf = rowIndex(input.columns.ids);
  const poolCount = Math.min(poolRows, matrix.rows);
  labelingQueue({
    dimensions: matrix.cols,
    evaluation: matrix.data,
    aggressors: analysis.aggressors.map((a) => ({
      id: a.id,
      memberRows: a.sampleIds.map((id) => rowOf.get(id) as number),
      excessLoss: 1,
    })),
    pool: {
      ids: Array.from({ length: poolCount }, (_, i) => `p${i}`),
      embeddings: matrix.data.subarray(matrix.data.length - poolCount * matrix.cols),
    },
    budget: LABELING_BUDGET,
  });
  const labelingQueueSeconds = (performance.now() - queueBegan) / 1000;
  const top = analysis.aggressors[0];

  return {
    analysisSeconds: analyzeRunSeconds + labelingQueueSeconds,
    analyzeRunSeconds,
    labelingQueueSeconds,
    inputSeconds,
    aggressors: analysis.aggressors.length,
    k: analysis.clustering.k,
    topAggressorPlantedShare: top
      ? top.sampleIds.filter((id) => groupOf(Number(id.slice(1))) < FAILING_GROUPS)
          .length / top.sampleIds.length
      : null,
  };
}
