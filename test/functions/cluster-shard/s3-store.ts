/**
 * An S3 bucket as a map, behind aws-sdk-client-mock: GetObject reads it,
 * PutObject writes it, ListObjectsV2 lists it, so the clustering functions
 * can be run step after step; every command stays recorded for assertions.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Body } from '../../shared/aws/s3-body.ts';

export const BUCKET = 'test-bucket';
export const RUN_ID = 'toy-v1-abc123';

export function s3Store() {
  const mock = mockClient(S3Client);
  const objects = new Map<string, string>();
  const reset = () => {
    mock.reset();
    objects.clear();
    mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
      const text = objects.get(Key);
      if (text === undefined) {
        throw Object.assign(new Error(`NoSuchKey ${Key}`), { name: 'NoSuchKey' });
      }
      return { Body: s3Body(text) };
    });
    mock
      .on(PutObjectCommand)
      .callsFake(({ Key, Body }: { Key: string; Body: string }) => {
        objects.set(Key, Body);
        return {};
      });
    mock.on(ListObjectsV2Command).callsFake(({ Prefix }: { Prefix: string }) => ({
      Contents: [...objects.keys()]
        .filter((k) => k.startsWith(Prefix))
        .map((Key) => ({ Key })),
      IsTruncated: false,
    }));
  };

  /** The full input of every PutObject, by key. */
  const puts = () =>
    Object.fromEntries(
      mock.commandCalls(PutObjectCommand).map((call) => {
        const input = call.args[0].input;
        return [input.Key as string, input];
      }),
    );

  return { mock, objects, reset, puts };
}

export function jsonLines(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value) + '\n').join('');
}
