/** A test's members in one run: the scored samples its membership covers. */
import { TestEvaluationError } from './errors.ts';
import { regionMembers } from './region-membership.ts';
import { ruleMembers } from './rule-membership.ts';
import type { ReferenceEmbeddings, TrackedRun, TrackedSample } from './tracked-run.ts';
import type { Membership } from './types.ts';

export interface MembersFound {
  /** Scored members (inference succeeded). */
  samples: TrackedSample[];
  /** Why there are none, when there are none. */
  reason?: string;
}

export function membersOf(
  testName: string,
  membership: Membership,
  run: TrackedRun,
  reference?: ReferenceEmbeddings,
): MembersFound {
  const covered = coveredIds(testName, membership, run, reference);
  if ('reason' in covered) return { samples: [], reason: covered.reason };

  const ids = new Set(covered.ids);
  const samples = run.samples.filter((s) => ids.has(s.id) && s.loss !== null);

  return samples.length > 0
    ? { samples }
    : { samples: [], reason: `no scored sample of run ${run.runId} is a member` };
}

function coveredIds(
  testName: string,
  membership: Membership,
  run: TrackedRun,
  reference: ReferenceEmbeddings | undefined,
): { ids: string[] } | { reason: string } {
  if (membership.kind === 'ids') return { ids: membership.sampleIds };
  if (membership.kind === 'region') {
    if (reference === undefined) {
      throw new TestEvaluationError(
        testName,
        run.runId,
        'reference embeddings not loaded',
      );
    }
    return {
      ids: regionMembers(
        membership,
        reference,
        run.samples.map((s) => s.id),
      ),
    };
  }
  if (!run.hasMetadata) {
    throw new TestEvaluationError(
      testName,
      run.runId,
      "the run's metadata is no longer available, so a rule cannot be evaluated",
    );
  }

  const { memberIds, absentFields } = ruleMembers(membership.predicates, run.samples);
  return absentFields.length > 0
    ? {
        reason: `no sample of run ${run.runId} has metadata field ${absentFields.join(', ')}`,
      }
    : { ids: memberIds };
}
