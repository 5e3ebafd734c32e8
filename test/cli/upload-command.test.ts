import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './tests-cli-capture.ts';

const MANIFEST = {
  schemaVersion: 1,
  project: 'pets',
  modelVersion: 'v1',
  task: 'custom',
  samples: 'samples.jsonl',
};
const sampleLine = (id: string) => JSON.stringify({ id, loss: 0.5, embedding: [1, 2] });

describe('Command: aggressors upload', () => {
  it.each(['abc', '', '0', '-5', 'Infinity'])(
    'refuses --timeout-minutes %j before uploading anything',
    async (value) => {
      const out = await runCli([
        'upload',
        'no-such-bundle',
        '--bucket',
        'b',
        '--table',
        't',
        '--wait',
        `--timeout-minutes=${value}`,
      ]);

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(
        `aggressors: --timeout-minutes must be a number > 0, got ${JSON.stringify(value)}\n`,
      );
    },
  );

  describe('checking the bundle first', () => {
    const s3Mock = mockClient(S3Client);
    let dir: string;

    const regionBefore = process.env.AWS_REGION;

    beforeEach(async () => {
      // The CLI needs a region for a deployed stack, as a user's shell has.
      process.env.AWS_REGION = 'us-east-1';
      s3Mock.reset();
      s3Mock.on(PutObjectCommand).resolves({});
      dir = await mkdtemp(join(tmpdir(), 'aggressors-upload-'));
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
    });

    afterEach(async () => {
      if (regionBefore === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = regionBefore;
      await rm(dir, { recursive: true, force: true });
    });

    it('uploads every file, the manifest last, when the bundle is valid', async () => {
      await writeFile(join(dir, 'samples.jsonl'), `${sampleLine('a')}\n`);

      const out = await runCli(['upload', dir, '--bucket', 'b']);

      expect(out.exitCode).toBeUndefined();
      const keys = s3Mock
        .commandCalls(PutObjectCommand)
        .map((c) => c.args[0].input.Key);
      expect(keys).toEqual([
        'evaluations/pets/v1/samples.jsonl',
        'evaluations/pets/v1/manifest.json',
      ]);
    });

    it.each([
      ['a repeated sample id', Buffer.from(`${sampleLine('a')}\n${sampleLine('a')}\n`)],
      ['a Latin-1 byte', Buffer.from(`${sampleLine('caf\u00e9')}\n`, 'latin1')],
    ])('uploads nothing for %s and says what validate says', async (_, samples) => {
      await writeFile(join(dir, 'samples.jsonl'), samples);
      const validated = await runCli(['validate', dir]);

      const out = await runCli(['upload', dir, '--bucket', 'b']);

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(validated.stderr);
      expect(out.stderr).toMatch(/^aggressors: .*samples\.jsonl line [12]/);
      expect(s3Mock.calls()).toEqual([]);
    });
  });
});
