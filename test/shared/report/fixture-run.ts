/**
 * A small real run for the report's tests: seeded samples with a planted
 * failing group (ham newsletters the model calls spam), analysed by the
 * analysis core and stored as the pipeline stores it, then read back into
 * the report's input. With `inject`, every sample text, metadata value and
 * one metadata field name carries an HTML/script injection.
 */
import { analyzeRun } from '../../../shared/analysis/analyze.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type { AnalysisSample, SampleOutput } from '../../../shared/analysis/types.ts';
import { reportInputOf } from '../../../shared/report/report-input.ts';
import type { ReportInput } from '../../../shared/report/types.ts';
import { runResults, sampleResultLines } from '../../../functions/analyze/results.ts';
import { gaussian } from '../analysis/planted.ts';
import { INJECTION } from './injection.ts';

export { INJECTION };

const DIMENSIONS = 6;
const FAILING = 40;
const OTHERS = 200;

export interface FixtureOptions {
  inject?: boolean;
}

function sampleOf(index: number, failing: boolean, inject: boolean): AnalysisSample {
  const suffix = inject ? ` ${INJECTION}` : '';
  const metadata: AnalysisSample['metadata'] = {
    source: failing ? 'newsletter' : index % 2 === 0 ? 'personal' : 'work',
    lines: failing ? 40 + (index % 17) : 8 + (index % 23),
    html: failing || index % 9 === 0,
  };
  if (inject) metadata[`field ${INJECTION}`] = `value${suffix}`;

  return {
    id: `${failing ? 'newsletter' : 'mail'}/${index}${suffix}`,
    label: 'ham',
    metadata,
  };
}

function outputOf(
  sample: AnalysisSample,
  failing: boolean,
  random: () => number,
): SampleOutput {
  const embedding = Array.from(
    { length: DIMENSIONS },
    (_, j) => (failing && j === 0 ? 6 : 0) + gaussian(random),
  );
  const spam = failing ? 0.75 + 0.2 * random() : 0.05 + 0.2 * random();
  const heatmap = [
    [failing ? 1 : random(), 0.2],
    [0.1, failing ? 0.8 : random()],
  ];

  return { id: sample.id, embedding, scores: [1 - spam, spam], heatmap };
}

/** The fixture's e-mail text for a sample (what the endpoint would have read). */
export function fixtureText(id: string): string {
  return `Subject: issue ${id}\n\nHello,\n\nthis week's   news and offers for ${id}.`;
}

export const FIXTURE_RUN = {
  project: 'mail',
  modelVersion: 'v3',
  runId: 'mail-v3-abc123',
};

/** The run as the pipeline analysed it: its samples, outputs and analysis. */
export function fixtureAnalysis(options: FixtureOptions = {}) {
  const inject = options.inject ?? false;
  const random = seededRandom(7);
  const samples: AnalysisSample[] = [];
  const outputs: SampleOutput[] = [];
  for (let i = 0; i < FAILING + OTHERS; i++) {
    const failing = i < FAILING;
    const sample = sampleOf(i, failing, inject);
    samples.push(sample);
    outputs.push(outputOf(sample, failing, random));
  }
  const analysis = analyzeRun({
    task: 'classification',
    classes: ['ham', 'spam'],
    scoreKind: 'probabilities',
    samples,
    outputs,
  });

  return { samples, outputs, analysis };
}

/** The report's input of the run, read back from its stored form. */
export function fixtureRun(options: FixtureOptions = {}): ReportInput {
  const { samples, outputs, analysis } = fixtureAnalysis(options);

  return reportInputOf({
    results: runResults(FIXTURE_RUN, analysis),
    sampleLines: [...sampleResultLines(samples, outputs, analysis.perSample)],
    samples,
    inputs: new Map(samples.map((s) => [s.id, fixtureText(s.id)])),
    heatmapPngs: analysis.heatmapPngs,
    task: 'classification',
    tests: [fixtureTest()],
    history: fixtureHistory(),
    generatedAtEpochMs: Date.UTC(2026, 11, 3),
  });
}

function fixtureTest(): NonNullable<ReportInput['tests']>[number] {
  return {
    name: 'newsletters',
    metric: 'meanLoss',
    status: 'regressed',
    value: 1.4,
    savedValue: 1.1,
    previousValue: 0.6,
    difference: 0.8,
    interval: [0.5, 1.1],
    members: 40,
  };
}

/** Three versions of one saved test, the last one regressed. */
export function fixtureHistory(): NonNullable<ReportInput['history']> {
  return {
    tests: [
      {
        name: 'newsletters',
        metric: 'meanLoss',
        savedValue: 1.1,
        savedFrom: 'v1',
        threshold: 1.5,
        points: [
          { modelVersion: 'v1', value: 1.1, status: 'pass' },
          { modelVersion: 'v2', value: 0.6, status: 'improved' },
          { modelVersion: 'v3', value: 1.4, status: 'regressed' },
        ],
      },
    ],
    aggressors: {
      previousModelVersion: 'v2',
      persisting: [],
      new: [{ id: 'c-new' }],
      resolved: [{ previousId: 'c-old', size: 12, meanLoss: 0.9 }],
    },
  };
}
