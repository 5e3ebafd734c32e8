/**
 * Thumbnails for samples whose input is an image stored in the stack's own
 * bucket (`s3://<bucket>/evaluations/...`, beside the bundle): the report
 * embeds the image's bytes as a `data:` URI, so the page stays
 * self-contained and works through a presigned link. Anything else (another
 * bucket, `https://`, a larger file, bytes that are not PNG, JPEG, GIF or
 * WebP, an object that is gone) keeps showing its address.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The largest image embedded; a typical thumbnail-sized JPEG is far below. */
export const MAX_THUMBNAIL_BYTES = 256 * 1024;
/** Objects read at once. */
const CONCURRENCY = 8;
/** Where RunTests may read images: the bundles' folder (infra/access.ts). */
const READABLE_PREFIX = 'evaluations/';

/** An input shown as a thumbnail: the embedded image and where it came from. */
export interface EmbeddedImage {
  image: string;
  uri: string;
}

/**
 * The inputs with each readable stored image replaced by an EmbeddedImage;
 * the others as they were. Never fails on an image it cannot read.
 */
export async function embedStoredImages(
  s3: S3Client,
  bucket: string,
  inputs: ReadonlyMap<string, unknown>,
): Promise<Map<string, unknown>> {
  const out = new Map(inputs);
  const wanted = [...inputs].flatMap(([id, input]) => {
    const uri = storedUri(input);
    const key = uri === null ? null : keyInBucket(uri, bucket);
    return key === null || uri === null ? [] : [{ id, uri, key }];
  });

  for (let i = 0; i < wanted.length; i += CONCURRENCY) {
    const batch = wanted.slice(i, i + CONCURRENCY);
    const images = await Promise.all(batch.map((w) => readImage(s3, bucket, w.key)));
    batch.forEach((w, j) => {
      const image = images[j];
      if (image) out.set(w.id, { image, uri: w.uri } satisfies EmbeddedImage);
    });
  }

  return out;
}

/** The `s3://` address an input names: the string itself, or its `image` or `uri` field. */
function storedUri(input: unknown): string | null {
  const value =
    typeof input === 'string'
      ? input
      : typeof input === 'object' && input !== null && !Array.isArray(input)
        ? ((input as Record<string, unknown>).image ??
          (input as Record<string, unknown>).uri)
        : undefined;

  return typeof value === 'string' && value.startsWith('s3://') ? value : null;
}

/** The key when the URI is in `bucket` under the readable prefix; else null. */
export function keyInBucket(uri: string, bucket: string): string | null {
  const start = `s3://${bucket}/`;
  if (!uri.startsWith(start)) return null;
  const key = uri.slice(start.length);

  return key.startsWith(READABLE_PREFIX) && !key.split('/').includes('..') ? key : null;
}

/** A data URI of the object, or null when it is missing, too large or not an image. */
async function readImage(s3: S3Client, bucket: string, key: string) {
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        Range: `bytes=0-${MAX_THUMBNAIL_BYTES}`,
      }),
    );
    const bytes = out.Body ? await out.Body.transformToByteArray() : null;
    if (bytes === null || bytes.length > MAX_THUMBNAIL_BYTES) return null;
    const type = imageType(bytes);

    return type && `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
  } catch {
    // Missing, forbidden or unreadable: the page shows the address instead.
    return null;
  }
}

/** The image type from the file's first bytes (the Content-Type is not trusted). */
export function imageType(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  const webp = [0x57, 0x45, 0x42, 0x50].every((b, i) => bytes[8 + i] === b);
  if (starts(0x52, 0x49, 0x46, 0x46) && webp) return 'image/webp';

  return null;
}
