/**
 * The detection-quality benchmark (docs/benchmarks.md): plants dcbench-style
 * slices in the SpamAssassin evaluation split with synthetic predictions,
 * scores the product's aggressors and a plain k-means baseline, prints a
 * table and writes the figures to bench/results/quality.json.
 *
 *   npm run bench:quality [-- --seeds evaluation|tuning] [--state-dir DIR] [--out FILE]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadBenchCorpus } from './quality/corpus.ts';
import { BenchInputError } from './quality/errors.ts';
import { prepareCorpus } from './quality/methods.ts';
import {
  runSetting,
  type BenchContext,
  type SliceResult,
} from './quality/run-setting.ts';
import {
  BASE_ERROR_RATE,
  CORRELATION_FIELDS,
  EVALUATION_SEEDS,
  FOUND_PRECISION_AT_10,
  GROUP_FIELD,
  GROUP_SIZES,
  SLICE_KINDS,
  STRENGTHS,
  TOOK_ERROR_RATIO,
  TOP_AGGRESSORS,
  TUNING_SEEDS,
} from './quality/settings.ts';
import { summarize } from './quality/summary.ts';
import { formatTable } from './quality/table.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Domino on dcbench (Eyuboglu et al., ICLR 2022): slices found at P@10 >= 0.8. */
const ANCHOR = { method: 'Domino', slices: 1235, foundShare: 0.36 };
const TARGET_FOUND_SHARE_BLIND = 0.8;

type Options = ReturnType<typeof parseOptions>;

interface Timing {
  loadSeconds: number;
  productSeconds: number;
  baselineSeconds: number;
  totalSeconds: number;
}

async function main() {
  const options = parseOptions();
  const startedMs = performance.now();
  const corpus = prepareCorpus(await loadBenchCorpus(options.stateDir, log));
  const loadSeconds = (performance.now() - startedMs) / 1000;
  const context: BenchContext = {
    corpus,
    baselineClusterings: new Map(),
    seconds: { product: 0, baseline: 0 },
  };

  const results = runAll(context, options.seeds);
  const timing: Timing = {
    loadSeconds: round(loadSeconds),
    productSeconds: round(context.seconds.product),
    baselineSeconds: round(context.seconds.baseline),
    totalSeconds: round((performance.now() - startedMs) / 1000),
  };
  const report = buildReport(options, context, results, timing);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);

  printReport(report, options.out);
}

/** Every kind x strength x seed, in that order. */
function runAll(context: BenchContext, seeds: readonly number[]): SliceResult[] {
  const results: SliceResult[] = [];
  for (const kind of SLICE_KINDS) {
    for (const strength of STRENGTHS) {
      for (const seed of seeds) {
        log(`planting ${kind}, strength ${strength}, seed ${seed}`);
        results.push(...runSetting(context, kind, strength, seed));
      }
    }
  }

  return results;
}

function buildReport(
  options: Options,
  context: BenchContext,
  results: SliceResult[],
  timing: Timing,
) {
  const summary = summarize(results);
  const foundShareBlind = summary.foundShareBlind ?? 0;

  return {
    benchmark: 'quality',
    createdAt: new Date().toISOString(),
    seedSet: options.seedSet,
    seeds: options.seeds,
    tuningSeeds: TUNING_SEEDS,
    evaluationSeeds: EVALUATION_SEEDS,
    rules: rules(),
    corpus: {
      samples: context.corpus.ids.length,
      dimensions: context.corpus.dimensions,
    },
    /** The k values the product chose (and the baseline reused). */
    kChosen: [...context.baselineClusterings.keys()].sort((a, b) => a - b),
    ...summary,
    droppedSettings: results.filter((r) => r.scores === null).map(describeDropped),
    anchor: ANCHOR,
    target: {
      foundShareBlind: TARGET_FOUND_SHARE_BLIND,
      met:
        foundShareBlind >= TARGET_FOUND_SHARE_BLIND &&
        foundShareBlind > (summary.baseline.foundShareBlind ?? 0),
    },
    timing,
    slices: results,
  };
}

function printReport(report: ReturnType<typeof buildReport>, out: string) {
  console.log(
    `Detection quality on SpamAssassin (seeds ${report.seeds.join(', ')}): ` +
      `${report.planted} slices planted, ${report.dropped} dropped (did not take), ` +
      `${report.timing.totalSeconds.toFixed(0)} s\n`,
  );
  console.log(formatTable(report));
  const oracle = report.oracle;
  console.log(
    `\nCentre oracle (knows the centre of each slice's errors; how compact the ` +
      `slices are in these embeddings): ${pct(oracle.foundShare ?? 0)} found, ` +
      `P@10 ${(oracle.meanP10 ?? 0).toFixed(3)} (` +
      Object.entries(oracle.byKind)
        .map(([kind, o]) => `${kind} ${pct(o.foundShare ?? 0)}`)
        .join(', ') +
      ')',
  );
  console.log(
    `Domino on dcbench: ${pct(ANCHOR.foundShare)} of ${ANCHOR.slices} slices found.`,
  );
  console.log(
    `Target: ${pct(TARGET_FOUND_SHARE_BLIND)} found with the field hidden, ` +
      `above the baseline: ${report.target.met ? 'met' : 'not met'}.`,
  );
  console.log(`Results: ${out}`);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: 'evaluation' },
      'state-dir': { type: 'string', default: path.join(REPO_ROOT, '.aggressors') },
      out: {
        type: 'string',
        default: path.join(REPO_ROOT, 'bench/results/quality.json'),
      },
    },
  });
  if (values.seeds !== 'evaluation' && values.seeds !== 'tuning') {
    throw new BenchInputError('--seeds must be evaluation or tuning', {
      field: 'seeds',
      value: values.seeds,
    });
  }

  return {
    seedSet: values.seeds,
    seeds: values.seeds === 'tuning' ? TUNING_SEEDS : EVALUATION_SEEDS,
    stateDir: path.resolve(values['state-dir']),
    out: path.resolve(values.out),
  };
}

function rules() {
  return {
    kinds: SLICE_KINDS,
    strengths: STRENGTHS,
    baseErrorRate: BASE_ERROR_RATE,
    tookErrorRatio: TOOK_ERROR_RATIO,
    foundPrecisionAt10: FOUND_PRECISION_AT_10,
    topAggressors: TOP_AGGRESSORS,
    groupField: GROUP_FIELD,
    groupSizes: GROUP_SIZES,
    correlationFields: CORRELATION_FIELDS,
  };
}

function describeDropped(result: SliceResult) {
  const { kind, strength, seed, slice, size, took } = result;

  return { kind, strength, seed, slice, size, ...took };
}

function log(message: string) {
  process.stderr.write(`  ${message}\n`);
}

function pct(value: number): string {
  return `${(100 * value).toFixed(0)} %`;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

await main();
