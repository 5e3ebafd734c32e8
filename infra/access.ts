/**
 * What each function may do in the bucket and the table: the one table both
 * the stack (infra/stack.ts, which grants it) and the cdk-nag
 * acknowledgments (infra/nag.ts, which explain its wildcards) read. The
 * reasons are in docs/deploying.md, "Permissions".
 */
import type { FunctionName } from './stack.ts';

/** Top-level folders of the bucket; see docs/architecture.md. */
export type BucketPrefix = 'evaluations' | 'work' | 'results' | 'tests';

export interface ObjectAccess {
  prefix: BucketPrefix;
  /** S3 object actions on `<prefix>/*`. */
  actions: string[];
}

export interface FunctionAccess {
  objects: ObjectAccess[];
  /** Prefixes the function lists: s3:ListBucket limited by `s3:prefix`. */
  lists: BucketPrefix[];
  /** DynamoDB actions on the table. */
  table: string[];
}

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  onUpload: { objects: [], lists: [], table: ['dynamodb:PutItem'] },
  prepare: {
    objects: [
      { prefix: 'evaluations', actions: ['s3:GetObject', 's3:GetObjectVersion'] },
      { prefix: 'work', actions: ['s3:PutObject', 's3:DeleteObject'] },
    ],
    lists: ['evaluations', 'work'],
    table: ['dynamodb:UpdateItem'],
  },
  infer: {
    objects: [{ prefix: 'work', actions: ['s3:GetObject', 's3:PutObject'] }],
    lists: [],
    table: [],
  },
  analyze: {
    objects: [
      { prefix: 'work', actions: ['s3:GetObject'] },
      { prefix: 'results', actions: ['s3:PutObject'] },
    ],
    lists: ['work'],
    table: ['dynamodb:Query', 'dynamodb:BatchWriteItem'],
  },
  runTests: {
    objects: [
      // evaluations/: images a sample's input names (s3://<bucket>/evaluations/...),
      // embedded in the report as thumbnails (shared/report/thumbnails.ts).
      { prefix: 'evaluations', actions: ['s3:GetObject'] },
      { prefix: 'tests', actions: ['s3:GetObject'] },
      { prefix: 'work', actions: ['s3:GetObject'] },
      { prefix: 'results', actions: ['s3:GetObject', 's3:PutObject'] },
    ],
    // tests/: the saved tests; work/: the input shards the report shows samples
    // from; results/: so a missing object answers 404, not 403 (an earlier
    // run's metadata.jsonl or heatmap may not be there).
    lists: ['tests', 'work', 'results'],
    table: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
  },
  notify: {
    // The tests result and the aggressors the alert is built from; the
    // report a link is signed for is read by the link signer's role.
    objects: [{ prefix: 'results', actions: ['s3:GetObject'] }],
    lists: [],
    table: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
  },
  clusterShard: {
    objects: [{ prefix: 'work', actions: ['s3:GetObject', 's3:PutObject'] }],
    lists: [],
    table: [],
  },
  clusterReduce: {
    objects: [{ prefix: 'work', actions: ['s3:GetObject', 's3:PutObject'] }],
    lists: ['work'],
    table: [],
  },
};

/** The objects the report-link role may read: each run's HTML report. */
export const REPORT_OBJECTS = 'results/*/report.html';

/** `work/*`: the object resource suffix, and the `s3:prefix` pattern, of a prefix. */
export function keysUnder(prefix: BucketPrefix): string {
  return `${prefix}/*`;
}
