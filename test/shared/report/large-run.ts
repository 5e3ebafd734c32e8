/**
 * A synthetic run of any size for the report's size bound: every sample
 * carries a numeric and a categorical metadata field and map coordinates;
 * each aggressor is a contiguous block of samples whose numeric field is
 * shifted, described by a mean and a share difference. The shapes are the
 * small fixture's; no analysis runs.
 */
import type { MetadataDifference } from '../../../shared/analysis/metadata/types.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type {
  ReportAggressor,
  ReportInput,
  ReportSample,
} from '../../../shared/report/types.ts';
import { fixtureRun } from './fixture-run.ts';

const SOURCES = ['personal', 'work', 'newsletter', 'list'];

function difference(field: string, measure: 'mean' | 'share'): MetadataDifference {
  return {
    field,
    kind: measure === 'mean' ? 'numeric' : 'categorical',
    ...(measure === 'share' && { value: 'newsletter' }),
    measure,
    inside: measure === 'mean' ? 60 : 0.9,
    outside: measure === 'mean' ? 12 : 0.25,
    insideCount: 1,
    outsideCount: 1,
    effect: 0.8,
    pValue: 1e-9,
    qValue: 1e-8,
  };
}

function sampleOf(index: number, failing: boolean, random: () => number): ReportSample {
  return {
    id: `s${index}`,
    label: 'ham',
    prediction: failing ? 'spam' : 'ham',
    loss: failing ? 1 + random() : random() / 4,
    correct: !failing,
    cluster: `c${index % 50}`,
    x: random() * 10,
    y: random() * 10,
    metadata: {
      lines: Math.round((failing ? 60 : 12) * (0.5 + random())),
      words: Math.round(400 * random()),
      source: SOURCES[index % SOURCES.length] as string,
    },
  };
}

function aggressorOf(
  template: ReportAggressor,
  rank: number,
  memberIds: string[],
  total: number,
): ReportAggressor {
  return {
    ...template,
    id: `big-${rank}`,
    rank,
    size: memberIds.length,
    share: memberIds.length / total,
    sampleIds: memberIds,
    metadata: [
      difference('lines', 'mean'),
      difference('words', 'mean'),
      difference('source', 'share'),
    ],
    representatives: { typical: memberIds.slice(0, 3), worst: memberIds.slice(3, 6) },
  };
}

/** `sampleCount` samples; `aggressorCount` aggressors of `aggressorSize` samples each. */
export function largeRun(
  sampleCount: number,
  aggressorCount = 5,
  aggressorSize = 2000,
): ReportInput {
  const base = fixtureRun();
  const random = seededRandom(11);
  const failing = aggressorCount * aggressorSize;
  const samples = Array.from({ length: sampleCount }, (_, i) =>
    sampleOf(i, i < failing, random),
  );
  const template = base.aggressors[0] as ReportAggressor;
  const aggressors = Array.from({ length: aggressorCount }, (_, a) => {
    const members = samples.slice(a * aggressorSize, (a + 1) * aggressorSize);
    return aggressorOf(
      template,
      a + 1,
      members.map((s) => s.id),
      sampleCount,
    );
  });

  return {
    ...base,
    counts: { samples: sampleCount, quarantined: 0, failed: 0 },
    aggressors,
    samples,
  };
}
