/** Errors of the AWS adapters; each carries the ids a reader needs. */

export class AwsAdapterError extends Error {
  override name = 'AwsAdapterError';
}

/** A GetObject found no object at the key. */
export class S3ObjectMissingError extends AwsAdapterError {
  override name = 'S3ObjectMissingError';

  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`no object at s3://${bucket}/${key}`, options);
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
