/**
 * Links to a run's report in alerts (docs/report.md, "Links in alerts").
 *
 * A presigned URL is only valid while the credentials that signed it are:
 * signed with the Lambda's own session it could die at any moment after the
 * message is posted, and nothing tells how long that session has left. So
 * Notify assumes a dedicated role that may only read reports
 * (`results/*\/report.html`), for exactly REPORT_LINK_SECONDS, and signs with
 * that session for the same time: the link lives one hour, whatever the
 * Lambda's credentials do. One hour is also the most a role assumed by
 * another role's session may last (STS role chaining).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** How long a report link in an alert works. */
export const REPORT_LINK_SECONDS = 3600;

export interface ReportLink {
  url: string;
  expiresAtEpochMs: number;
}

export type ReportLinker = (bucket: string, key: string) => Promise<ReportLink>;

export function reportLinker(
  sts: STSClient,
  roleArn: string,
  region: string,
  nowEpochMs: () => number = Date.now,
): ReportLinker {
  return async (bucket, key) => {
    const signedAt = nowEpochMs();
    const { Credentials: credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'aggressors-report-link',
        DurationSeconds: REPORT_LINK_SECONDS,
      }),
    );
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
      throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
    }
    const signer = new S3Client({
      region,
      credentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
      },
    });
    const expiresAtEpochMs = Math.min(
      signedAt + REPORT_LINK_SECONDS * 1000,
      credentials.Expiration?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    const expiresIn = Math.max(1, Math.floor((expiresAtEpochMs - signedAt) / 1000));
    const url = await getSignedUrl(
      signer,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      { expiresIn, signingDate: new Date(signedAt) },
    );

    return { url, expiresAtEpochMs: signedAt + expiresIn * 1000 };
  };
}
