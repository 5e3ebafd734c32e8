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

describe('Function: pipelineDepsFromEnv', () => {
  it('returns clients, a logger taking fields, and a clock', () => {
    const deps = pipelineDepsFromEnv(ENV);

    expect(deps.s3).toBeInstanceOf(S3Client);
    expect(deps.config).toEqual({ bucket: 'b', table: 't' });
    expect(typeof deps.nowEpochMs()).toBe('number');
    expect(() => deps.logger.debug('constructed', { runId: 'r' })).not.toThrow();
  });
});
