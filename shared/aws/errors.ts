/** Errors of the AWS adapters; each carries the ids a reader needs. */

export class AwsAdapterError extends Error {
  override name = 'AwsAdapterError';
}

/** A GetObject found no object at the key (or no such version of it). */
export class S3ObjectMissingError extends AwsAdapterError {
  override name = 'S3ObjectMissingError';
  readonly versionId?: string;

  constructor(
    readonly bucket: string,
    readonly key: string,
    options: { cause?: unknown; versionId?: string } = {},
  ) {
    const version = options.versionId ? ` (version ${options.versionId})` : '';
    const cause = 'cause' in options ? { cause: options.cause } : undefined;
    super(`no object at s3://${bucket}/${key}${version}`, cause);
    if (options.versionId) this.versionId = options.versionId;
  }
}

/** A DeleteObjects call reported keys it could not delete. */
export class S3DeleteError extends AwsAdapterError {
  override name = 'S3DeleteError';

  constructor(
    readonly bucket: string,
    readonly keys: string[],
    reason: string,
  ) {
    super(
      `could not delete ${keys.length} object(s) in s3://${bucket}/, first ` +
        `${keys[0]}: ${reason}`,
    );
  }
}

/** An update addressed a run record that does not exist. */
export class RunMissingError extends AwsAdapterError {
  override name = 'RunMissingError';

  constructor(
    readonly project: string,
    readonly runId: string,
    options?: { cause?: unknown },
  ) {
    super(`no run record for project "${project}", run "${runId}"`, options);
  }
}
