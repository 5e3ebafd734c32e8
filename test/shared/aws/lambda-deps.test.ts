import { describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import {
  pipelineConfigFromEnv,
  pipelineDepsFromEnv,
} from '../../../shared/aws/lambda-deps.ts';
import { ConfigError } from '../../../shared/aws/config-error.ts';

const ENV = { BUCKET_NAME: 'b', TABLE_NAME: 't', AWS_REGION: 'eu-west-1' };

describe('Function: pipelineConfigFromEnv', () => {
  it('returns bucket, table and the optional settings that are set', () => {
    expect(pipelineConfigFromEnv(ENV)).toEqual({ bucket: 'b', table: 't' });
    expect(
      pipelineConfigFromEnv({
        ...ENV,
        WEBHOOK_URL: 'https://h',
        LOCAL_SINK_DIR: ' /tmp/s ',
      }),
    ).toEqual({
      bucket: 'b',
      table: 't',
      webhookUrl: 'https://h',
      localSinkDir: '/tmp/s',
    });
  });

  it('throws a ConfigError naming a missing or blank variable', () => {
    expect(() => pipelineConfigFromEnv({ TABLE_NAME: 't' })).toThrow(
      'environment variable BUCKET_NAME is required but not set',
    );
    const error = (() => {
      try {
        pipelineConfigFromEnv({ BUCKET_NAME: 'b', TABLE_NAME: '  ' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'TABLE_NAME' });
  });
});

describe('Function: pipelineConfigFromEnv, clustering settings', () => {
  it('reads the forced clustering path and the single-node byte limit', () => {
    expect(
      pipelineConfigFromEnv({
        ...ENV,
        CLUSTERING_PATH: 'distributed',
        SINGLE_NODE_MAX_EMBEDDING_BYTES: '1048576',
      }),
    ).toEqual({
      bucket: 'b',
      table: 't',
      clusteringPath: 'distributed',
      singleNodeMaxEmbeddingBytes: 1_048_576,
    });
  });

  it('names the variable and the value of a path or a byte limit it cannot use', () => {
    expect(() => pipelineConfigFromEnv({ ...ENV, CLUSTERING_PATH: 'spread' })).toThrow(
      'environment variable CLUSTERING_PATH must be one of auto, single-node, ' +
        'distributed, got "spread"',
    );
    expect(() =>
      pipelineConfigFromEnv({ ...ENV, SINGLE_NODE_MAX_EMBEDDING_BYTES: '1e9' }),
    ).toThrow(
      'environment variable SINGLE_NODE_MAX_EMBEDDING_BYTES must be a positive ' +
        'whole number of bytes, got "1e9"',
    );
  });
});

describe('Function: pipelineDepsFromEnv', () => {
  it('returns clients, a logger taking fields, and a clock', () => {
    const deps = pipelineDepsFromEnv(ENV);

    expect(deps.s3).toBeInstanceOf(S3Client);
    expect(deps.config).toEqual({ bucket: 'b', table: 't' });
    expect(typeof deps.nowEpochMs()).toBe('number');
    expect(() => deps.logger.debug('constructed', { runId: 'r' })).not.toThrow();
  });
});
