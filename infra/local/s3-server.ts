import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');

/** One record of an S3 event notification, as s3rver emits it. */
export interface S3EventRecord {
  eventName: string;
  eventTime: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string };
  };
}

export interface LocalS3Server {
  endpoint: string;
  onEvent(listener: (record: S3EventRecord) => void): void;
  close(): Promise<void>;
}

/**
 * s3rver on loopback: an S3-compatible server (path-style) that keeps its
 * objects under `directory` and emits object-created events.
 */
export async function startS3Server(options: {
  directory: string;
  buckets: string[];
  host?: string;
}): Promise<LocalS3Server> {
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    address: host,
    port: 0,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;

  return {
    endpoint: `http://${host}:${address.port}`,
    onEvent: (listener) =>
      server.on('event', (event: { Records: S3EventRecord[] }) => {
        for (const record of event.Records) listener(record);
      }),
    close: () => server.close(),
  };
}
