import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  alertSecretFromSecret,
  alertSecretLoader,
  parseAlertSecret,
} from '../../../shared/aws/secrets.ts';
import { recordingLogger } from './test-deps.ts';
import type { LogEntry } from './test-deps.ts';

const smMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-AbCdEf';
const URL = 'https://hooks.slack.com/services/T0/B0/xyz';
const HOOK = 'https://example.com/aggressors';

beforeEach(() => {
  smMock.reset();
});

describe('Function: parseAlertSecret', () => {
  it('reads the JSON fields, or a bare URL as the generic webhook', () => {
    const value = { slackUrl: URL, webhookUrl: HOOK, signingSecret: 'k3y' };
    expect(parseAlertSecret(JSON.stringify(value), ARN)).toEqual(value);
    expect(parseAlertSecret(` ${HOOK}\n`, ARN)).toEqual({ webhookUrl: HOOK });
  });

  it('throws naming the secret and the field, never the value', () => {
    expect(() => parseAlertSecret('{"slackUrl": "x"}', ARN)).toThrow(
      `webhook secret ${ARN}: field "slackUrl" must be an http(s) URL`,
    );
    expect(() =>
      parseAlertSecret(`{"webhookUrl": "${HOOK}", "signingSecret": ""}`, ARN),
    ).toThrow(
      `webhook secret ${ARN}: field "signingSecret" must be a non-empty string`,
    );
    expect(() => parseAlertSecret('{"signingSecret": "k3y"}', ARN)).toThrow(
      `webhook secret ${ARN}: holds neither "slackUrl" nor "webhookUrl"`,
    );
    expect(() => parseAlertSecret('{oops', ARN)).toThrow(
      `webhook secret ${ARN}: value starts with "{" but is not valid JSON`,
    );
    expect(() => parseAlertSecret('ftp://x', ARN)).toThrow(
      /^webhook secret .*: expected \{"slackUrl"/,
    );
  });
});

describe('Function: alertSecretFromSecret', () => {
  it('reads the secret by its ARN', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: URL });

    expect(await alertSecretFromSecret(client, ARN)).toEqual({ webhookUrl: URL });
    expect(smMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: ARN,
    });
  });
});

describe('Function: alertSecretLoader', () => {
  it('reads the secret once and answers from memory after', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: URL });
    const load = alertSecretLoader(client, ARN, recordingLogger([]));

    expect([await load(), await load()]).toEqual([
      { webhookUrl: URL },
      { webhookUrl: URL },
    ]);
    expect(smMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('logs a failed read, answers undefined, and reads again next time', async () => {
    smMock
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('AccessDenied'))
      .resolves({ SecretString: URL });
    const logs: LogEntry[] = [];
    const load = alertSecretLoader(client, ARN, recordingLogger(logs));

    expect(await load()).toBeUndefined();
    expect(await load()).toEqual({ webhookUrl: URL });
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
    const load = alertSecretLoader(client, ARN, recordingLogger(logs));

    expect([await load(), await load()]).toEqual([undefined, undefined]);
    expect(smMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(logs).toEqual([
      {
        level: 'info',
        message: 'webhook secret not configured',
        fields: {
          secretArn: ARN,
          reason:
            `webhook secret ${ARN}: expected {"slackUrl": "<url>", "webhookUrl": "<url>", ` +
            '"signingSecret": "<key>"} (each optional, one URL at least) or a bare ' +
            'http(s) URL, got neither',
        },
      },
    ]);
  });

  it('treats a JSON value without any URL as not configured', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: '{}' });
    const logs: LogEntry[] = [];
    const load = alertSecretLoader(client, ARN, recordingLogger(logs));

    expect(await load()).toBeUndefined();
    expect(logs.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'info', message: 'webhook secret not configured' },
    ]);
  });

  it('logs a malformed value as an error and reads it again next time', async () => {
    smMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: `{"slackUrl": "${URL}",}` })
      .resolves({ SecretString: URL });
    const logs: LogEntry[] = [];
    const load = alertSecretLoader(client, ARN, recordingLogger(logs));

    expect(await load()).toBeUndefined();
    expect(await load()).toEqual({ webhookUrl: URL });
    expect(logs).toEqual([
      {
        level: 'error',
        message: 'webhook secret malformed, no alert sent',
        fields: {
          secretArn: ARN,
          reason: `webhook secret ${ARN}: value starts with "{" but is not valid JSON`,
        },
      },
    ]);
    expect(JSON.stringify(logs)).not.toContain('hooks.slack.com');
  });
});
