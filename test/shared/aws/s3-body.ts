import { Readable } from 'node:stream';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';

type Body = NonNullable<GetObjectCommandOutput['Body']>;

/**
 * A GetObject body as the SDK gives it on Node: a stream with the
 * transform helpers, delivered in the given chunks.
 */
export function s3Body(...chunks: (string | Uint8Array)[]): Body {
  const buffers = chunks.map((chunk) =>
    typeof chunk === 'string' ? Buffer.from(chunk, 'utf-8') : Buffer.from(chunk),
  );
  const stream = Readable.from(buffers);
  const whole = () => Buffer.concat(buffers);

  return Object.assign(stream, {
    transformToByteArray: async () => new Uint8Array(whole()),
    transformToString: async (encoding?: string) =>
      whole().toString((encoding ?? 'utf-8') as BufferEncoding),
    transformToWebStream: () => {
      throw new Error('not used in tests');
    },
  }) as unknown as Body;
}
