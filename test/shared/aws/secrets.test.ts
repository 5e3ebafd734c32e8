import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  parseWebhookSecret,
  webhookUrlFromSecret,
  webhookUrlLoader,
} from '../../../shared/aws/secrets.ts';
import { recordingLogger } from './test-deps.ts';
import type { LogEntry } from './test-deps.ts';

const smMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-AbCdEf';
const URL = 'https://hooks.slack.com/services/T0/B0/xyz';

beforeEach(() => {
  smMock.reset();
});

describe('Function: parseWebhookSecret', () => {
  it('returns the URL of a JSON value or a bare value', () => {
    expect(parseWebhookSecret(JSON.stringify({ webhookUrl: URL }), ARN)).toBe(URL);
    expect(parseWebhookSecret(` ${URL}\n`, ARN)).toBe(URL);
  });

  it('throws naming the secret for a value that holds no http(s) URL', () => {
    expect(() => parseWebhookSecret('{"url": "x"}', ARN)).toThrow(
      `webhook secret ${ARN}: field "webhookUrl" must be a string URL`,
    );
    expect(() => parseWebhookSecret('{oops', ARN)).toThrow(
      `webhook secret ${ARN}: value starts with "{" but is not valid JSON`,
    );
    expect(() => parseWebhookSecret('ftp://x', ARN)).toThrow(
      `webhook secret ${ARN}: expected an http(s) URL or {"webhookUrl": "<url>"}, got a value that is neither`,
    );
  });
});

describe('Function: webhookUrlFromSecret', () => {
  it('reads the secret by its ARN', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: URL });

    expect(await webhookUrlFromSecret(client, ARN)).toBe(URL);
    expect(smMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: ARN,
    });
  });
});

describe('Function: webhookUrlLoader', () => {
  it('reads the secret once and answers from memory after', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: URL });
    const load = webhookUrlLoader(client, ARN, recordingLogger([]));

    expect([await load(), await load()]).toEqual([URL, URL]);
    expect(smMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('logs a failed read, answers undefined, and reads again next time', async () => {
    smMock
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('AccessDenied'))
      .resolves({ SecretString: URL });
    const logs: LogEntry[] = [];
    const load = webhookUrlLoader(client, ARN, recordingLogger(logs));

    expect(await load()).toBeUndefined();
    expect(await load()).toBe(URL);
    expect(logs).toEqual([
      {
        level: 'error',
        message: 'webhook secret unavailable',
        fields: { secretArn: ARN, reason: 'AccessDenied' },
      },
    ]);
  });

  it('treats a value that holds no URL as not configured, at info, read once', async () => {
    smMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: 'Xq3;v9-generated-placeholder' });
    const logs: LogEntry[] = [];
    const load = webhookUrlLoader(client, ARN, recordingLogger(logs));

    expect([await load(), await load()]).toEqual([undefined, undefined]);
    expect(smMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(logs).toEqual([
      {
        level: 'info',
        message: 'webhook secret not configured',
        fields: {
          secretArn: ARN,
          reason:
            `webhook secret ${ARN}: expected an http(s) URL or ` +
            '{"webhookUrl": "<url>"}, got a value that is neither',
        },
      },
    ]);
  });

  it('treats a JSON value without webhookUrl as not configured', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: '{}' });
    const logs: LogEntry[] = [];
    const load = webhookUrlLoader(client, ARN, recordingLogger(logs));

    expect(await load()).toBeUndefined();
    expect(logs.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'info', message: 'webhook secret not configured' },
    ]);
  });
});
