import { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { putLines } from '../../../shared/aws/s3-io.ts';

/** A real client whose HTTP handler answers 200 and records the request. */
function recordingClient(requests: Array<{ headers: Record<string, string> }>) {
  return new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        requests.push(request);
        return {
          response: { statusCode: 200, headers: {}, body: Readable.from([]) },
        };
      },
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe('Function: putLines through the SDK', () => {
  it('sends an empty object with its length, so the SDK warns of no unknown-length stream', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const requests: Array<{ headers: Record<string, string> }> = [];

    await putLines(recordingClient(requests), 'b', 'work/r/queue.jsonl', []);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers['content-length']).toBe('0');
    expect(warn).not.toHaveBeenCalled();
  });
});
