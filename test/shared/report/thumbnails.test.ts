import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  embedStoredImages,
  imageType,
  keyInProject,
  MAX_THUMBNAIL_BYTES,
  MAX_THUMBNAILS_TOTAL_BYTES,
} from '../../../shared/report/thumbnails.ts';
import { s3Body } from '../aws/s3-body.ts';

const BUCKET = 'stack-bucket';
const WHERE = { bucket: BUCKET, project: 'p' };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });

const body = (bytes: Uint8Array) => s3Body(bytes);

beforeEach(() => s3Mock.reset());

describe('Function: embedStoredImages', () => {
  it('embeds a PNG stored under evaluations/ as a data URI, read with a bounded range', async () => {
    const uri = `s3://${BUCKET}/evaluations/p/v1/images/0.png`;
    s3Mock.on(GetObjectCommand).resolves({ Body: body(PNG) });

    const out = await embedStoredImages(s3, WHERE, new Map([['a', uri]]));

    expect(out.get('a')).toEqual({
      image: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
      uri,
    });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'evaluations/p/v1/images/0.png',
      Range: `bytes=0-${MAX_THUMBNAIL_BYTES}`,
    });
  });

  it('reads the address from an input object', async () => {
    const uri = `s3://${BUCKET}/evaluations/p/v1/0.png`;
    s3Mock.on(GetObjectCommand).resolves({ Body: body(PNG) });

    const out = await embedStoredImages(s3, WHERE, new Map([['a', { uri }]]));

    expect(out.get('a')).toMatchObject({ uri });
  });

  it('leaves other buckets, other prefixes, https and text alone without reading them', async () => {
    const inputs = new Map<string, unknown>([
      ['other-bucket', 's3://someone-else/evaluations/p/0.png'],
      ['other-project', `s3://${BUCKET}/evaluations/q/v1/0.png`],
      ['project-prefix', `s3://${BUCKET}/evaluations/p2/v1/0.png`],
      ['project-folder', `s3://${BUCKET}/evaluations/p`],
      ['results', `s3://${BUCKET}/results/p/v1/run/report.html`],
      ['dot-dot', `s3://${BUCKET}/evaluations/p/../q/x.png`],
      ['https', 'https://example.com/0.png'],
      ['text', 'Subject: hello'],
    ]);

    const out = await embedStoredImages(s3, WHERE, inputs);

    expect(out).toEqual(inputs);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('keeps the address of an object that is too large, not an image, or missing', async () => {
    const big = new Uint8Array(MAX_THUMBNAIL_BYTES + 1);
    big.set(PNG);
    const key = (name: string) => `evaluations/p/v1/${name}`;
    s3Mock
      .on(GetObjectCommand, { Key: key('big.png') })
      .resolves({ Body: body(big) })
      .on(GetObjectCommand, { Key: key('page.png') })
      .resolves({ Body: body(new TextEncoder().encode('<html>')) })
      .on(GetObjectCommand, { Key: key('gone.png') })
      .rejects(Object.assign(new Error('gone'), { name: 'NoSuchKey' }));
    const inputs = new Map<string, unknown>(
      ['big.png', 'page.png', 'gone.png'].map((n) => [n, `s3://${BUCKET}/${key(n)}`]),
    );

    const out = await embedStoredImages(s3, WHERE, inputs);

    expect(out).toEqual(inputs);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(3);
  });

  it('reads each address once and stops embedding past the page budget', async () => {
    const image = new Uint8Array(MAX_THUMBNAIL_BYTES);
    image.set(PNG);
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: body(image) }));
    const perImage = Math.ceil(MAX_THUMBNAIL_BYTES / 3) * 4;
    const fit = Math.floor(MAX_THUMBNAILS_TOTAL_BYTES / perImage);
    const uris = Array.from(
      { length: fit + 5 },
      (_, i) => `s3://${BUCKET}/evaluations/p/v1/${i}.png`,
    );
    const inputs = new Map<string, unknown>([
      ...uris.map((uri, i): [string, unknown] => [`s${i}`, uri]),
      ['again', uris[0]],
    ]);

    const out = await embedStoredImages(s3, WHERE, inputs);
    const embedded = [...out.values()].filter((v) => typeof v === 'object');

    expect(embedded).toHaveLength(fit + 1);
    expect(out.get('again')).toEqual(out.get('s0'));
    expect(typeof out.get(`s${fit}`)).toBe('string');
    const calls = s3Mock.commandCalls(GetObjectCommand).length;
    expect(calls).toBeLessThan(uris.length + 1);
  });
});

describe('Function: imageType', () => {
  it('tells PNG, JPEG, GIF and WebP from their first bytes, and nothing else', () => {
    expect(imageType(PNG)).toBe('image/png');
    expect(imageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageType(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(imageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe(
      'image/webp',
    );
    expect(imageType(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(imageType(new TextEncoder().encode('<svg/>'))).toBeNull();
  });
});

describe('Function: keyInProject', () => {
  it("gives the key of an address under the project's evaluations/ folder in the bucket only", () => {
    const key = (uri: string) => keyInProject(uri, BUCKET, 'p q');
    expect(key(`s3://${BUCKET}/evaluations/p q/v1/a.png`)).toBe(
      'evaluations/p q/v1/a.png',
    );
    expect(key(`s3://${BUCKET}-2/evaluations/p q/v1/a.png`)).toBeNull();
    expect(key(`s3://${BUCKET}/evaluations/p/v1/a.png`)).toBeNull();
    expect(key(`s3://${BUCKET}/evaluations/p q/./a.png`)).toBeNull();
    expect(key(`s3://${BUCKET}/work/p q/a.png`)).toBeNull();
  });
});
