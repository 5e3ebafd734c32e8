/** An in-memory bucket behind an aws-sdk-client-mock S3 mock. */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';
import { s3Body } from '../../shared/aws/s3-body.ts';

export type Objects = Map<string, string | Uint8Array>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function serveObjects(s3Mock: AwsStub<any, any, any>, objects: Objects): void {
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = objects.get(Key);
    if (body === undefined) {
      throw Object.assign(new Error(`NoSuchKey ${Key}`), { name: 'NoSuchKey' });
    }
    return { Body: s3Body(body) };
  });
  s3Mock.on(ListObjectsV2Command).callsFake(({ Prefix }: { Prefix: string }) => ({
    Contents: [...objects.keys()]
      .filter((k) => k.startsWith(Prefix))
      .map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  s3Mock
    .on(PutObjectCommand)
    .callsFake(({ Key, Body }: { Key: string; Body: string | Uint8Array }) => {
      objects.set(Key, Body);
      return {};
    });
  s3Mock.on(DeleteObjectCommand).callsFake(({ Key }: { Key: string }) => {
    objects.delete(Key);
    return {};
  });
}

export function jsonLines(values: unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n`).join('');
}
