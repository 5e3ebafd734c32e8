import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { REPORT_LINK_SECONDS, reportLinker } from '../../../shared/aws/report-link.ts';

const stsMock = mockClient(STSClient);
const ROLE = 'arn:aws:iam::123456789012:role/ReportLinkRole';
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const KEY = 'results/spam assassin/v3/run-1/report.html';

function credentialsUntil(epochMs: number) {
  return {
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(epochMs),
    },
  };
}

beforeEach(() => stsMock.reset());

describe('Function: reportLinker', () => {
  it('assumes the report role for an hour and signs a GET of the report for as long', async () => {
    stsMock.on(AssumeRoleCommand).resolves(credentialsUntil(NOW + 3_600_000));

    const link = await reportLinker(
      new STSClient({}),
      ROLE,
      'eu-west-1',
      () => NOW,
    )('my-bucket', KEY);

    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'aggressors-report-link',
      DurationSeconds: REPORT_LINK_SECONDS,
    });
    const url = new URL(link.url);
    expect(url.hostname).toBe('my-bucket.s3.eu-west-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe(`/${KEY}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261204T120000Z');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('token');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAEXAMPLE\//);
    expect(link.expiresAtEpochMs).toBe(NOW + 3_600_000);
  });

  it('never signs for longer than the session lives', async () => {
    stsMock.on(AssumeRoleCommand).resolves(credentialsUntil(NOW + 900_000));

    const link = await reportLinker(
      new STSClient({}),
      ROLE,
      'eu-west-1',
      () => NOW,
    )('my-bucket', KEY);

    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(link.expiresAtEpochMs).toBe(NOW + 900_000);
  });

  it('fails naming the role when STS returns no credentials', async () => {
    stsMock.on(AssumeRoleCommand).resolves({});

    await expect(
      reportLinker(new STSClient({}), ROLE, 'eu-west-1', () => NOW)('my-bucket', KEY),
    ).rejects.toThrow(`AssumeRole of ${ROLE} returned no credentials`);
  });
});
