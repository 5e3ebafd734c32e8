/**
 * A test saved from an aggressor of a run: its membership (the aggressor's
 * rule, its sample ids, or a region of the run's embedding space) and the
 * metric's value on its members in that run.
 */
import type { RulePredicate } from '../analysis/rules/types.ts';
import { TrackingParameterError } from './errors.ts';
import { membersOf } from './members.ts';
import { mean, metricValues } from './metric.ts';
import { quantileSorted } from './bootstrap.ts';
import { squaredDistance } from './region-membership.ts';
import type { ReferenceEmbeddings, TrackedRun } from './tracked-run.ts';
import { TEST_SCHEMA_VERSION } from './types.ts';
import type {
  AggressorTest,
  Membership,
  MembershipKind,
  SavedFrom,
  TestMetric,
} from './types.ts';

/** Share of the members a saved region holds: its radius is this quantile of their distances. */
export const REGION_MEMBER_QUANTILE = 0.9;

export interface SourceAggressor {
  id: string;
  sampleIds: readonly string[];
  rule: { text: string; predicates: unknown[] } | null;
}

export interface TestRequest {
  name: string;
  metric: TestMetric;
  maxRegression: number;
  threshold?: number;
  /** Default: `rule` when the aggressor has a rule, else `ids`. */
  membership?: MembershipKind;
  description?: string;
}

export interface RegionSource {
  /** The run's embeddings by sample id: the fixed reference space. */
  reference: ReferenceEmbeddings;
  /** Where the reference embeddings are stored with the test. */
  embeddingsKey: string;
}

export function defaultMembership(aggressor: SourceAggressor): MembershipKind {
  return aggressor.rule !== null && aggressor.rule.predicates.length > 0
    ? 'rule'
    : 'ids';
}

export function testFromAggressor(
  aggressor: SourceAggressor,
  run: TrackedRun,
  request: TestRequest,
  savedFrom: SavedFrom,
  region?: RegionSource,
): AggressorTest {
  const kind = request.membership ?? defaultMembership(aggressor);
  const membership = membershipOf(kind, aggressor, region);

  const found = membersOf(request.name, membership, run, region?.reference);
  const savedValue =
    found.samples.length === 0
      ? null
      : mean(metricValues(request.metric, found.samples));

  return {
    schemaVersion: TEST_SCHEMA_VERSION,
    name: request.name,
    ...(request.description !== undefined && { description: request.description }),
    metric: request.metric,
    membership,
    maxRegression: request.maxRegression,
    ...(request.threshold !== undefined && { threshold: request.threshold }),
    savedValue,
    savedFrom,
  };
}

function membershipOf(
  kind: MembershipKind,
  aggressor: SourceAggressor,
  region: RegionSource | undefined,
): Membership {
  if (kind === 'ids') return { kind, sampleIds: [...aggressor.sampleIds] };
  if (kind === 'rule') {
    if (aggressor.rule === null || aggressor.rule.predicates.length === 0) {
      throw new TrackingParameterError(
        `rule of aggressor ${aggressor.id}`,
        aggressor.rule,
        'a metadata rule (choose membership ids or region)',
      );
    }
    const { text, predicates } = aggressor.rule;
    return { kind, predicates: predicates as RulePredicate[], text };
  }
  if (region === undefined) {
    throw new TrackingParameterError('region', undefined, "the run's embeddings");
  }

  return regionAround(aggressor, region);
}

/**
 * The members' mean as centre, and as radius the distance within which
 * REGION_MEMBER_QUANTILE of them lie. Every reference embedding is kept.
 */
export function regionAround(
  aggressor: Pick<SourceAggressor, 'id' | 'sampleIds'>,
  region: RegionSource,
): Membership {
  const rows = aggressor.sampleIds.flatMap((id) => {
    const row = region.reference.get(id);
    return row === undefined ? [] : [row];
  });
  if (rows.length === 0) {
    throw new TrackingParameterError(
      `reference embeddings of aggressor ${aggressor.id}`,
      0,
      'at least one member with an embedding',
    );
  }

  const centre = centroid(rows);
  const distances = Float64Array.from(rows, (row) =>
    Math.sqrt(squaredDistance(row, centre)),
  );
  distances.sort();

  return {
    kind: 'region',
    centre,
    radius: quantileSorted(distances, REGION_MEMBER_QUANTILE),
    reference: {
      embeddingsKey: region.embeddingsKey,
      sampleIds: [...region.reference.keys()],
    },
  };
}

function centroid(rows: ArrayLike<number>[]): number[] {
  const dimensions = rows[0]?.length ?? 0;
  const sums = new Float64Array(dimensions);
  for (const row of rows)
    for (let d = 0; d < dimensions; d += 1) sums[d]! += row[d] as number;

  return Array.from(sums, (sum) => sum / rows.length);
}
