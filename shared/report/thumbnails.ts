/**
 * Thumbnails for samples whose input is an image stored in the stack's own
 * bucket under the run's project (`s3://<bucket>/evaluations/<project>/...`,
 * beside its bundles): the report embeds the image's bytes as a `data:` URI,
 * so the page stays self-contained and works through a presigned link.
 * Anything else (another bucket or project, `https://`, a larger file, bytes
 * that are not PNG, JPEG, GIF or WebP, an object that is gone, images past
 * the page's budget) keeps showing its address. Another project's images are
 * never read: the report of one project goes out by link in its alerts.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The largest image embedded; a typical thumbnail-sized JPEG is far below. */
export const MAX_THUMBNAIL_BYTES = 128 * 1024;
/** All images of one page together, so a report stays a few MB at most. */
export const MAX_THUMBNAILS_TOTAL_BYTES = 4 * 1024 * 1024;
/** Objects read at once. */
const CONCURRENCY = 8;

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
  where: { bucket: string; project: string },
  inputs: ReadonlyMap<string, unknown>,
): Promise<Map<string, unknown>> {
  const out = new Map(inputs);
  const keyOf = new Map<string, string>();
  for (const input of inputs.values()) {
    const uri = storedUri(input);
    const key = uri === null ? null : keyInProject(uri, where.bucket, where.project);
    if (uri !== null && key !== null) keyOf.set(uri, key);
  }

  // Each address read once, in the order the cards show them, within the budget.
  const images = new Map<string, string>();
  let budget = MAX_THUMBNAILS_TOTAL_BYTES;
  const uris = [...keyOf.keys()];
  for (let i = 0; i < uris.length && budget > 0; i += CONCURRENCY) {
    const batch = uris.slice(i, i + CONCURRENCY);
    const read = await Promise.all(
      batch.map((uri) => readImage(s3, where.bucket, keyOf.get(uri) as string)),
    );
    batch.forEach((uri, j) => {
      const image = read[j];
      if (!image || image.length > budget) return;
      budget -= image.length;
      images.set(uri, image);
    });
  }

  for (const [id, input] of inputs) {
    const uri = storedUri(input);
    const image = uri === null ? undefined : images.get(uri);
    if (uri !== null && image) out.set(id, { image, uri } satisfies EmbeddedImage);
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

/** The key when the URI is in `bucket` under `evaluations/<project>/`; else null. */
export function keyInProject(
  uri: string,
  bucket: string,
  project: string,
): string | null {
  const start = `s3://${bucket}/`;
  if (!uri.startsWith(start)) return null;
  const key = uri.slice(start.length);
  const segments = key.split('/');
  const inProject =
    segments[0] === 'evaluations' && segments[1] === project && segments.length > 2;

  return inProject && !segments.includes('..') && !segments.includes('.') ? key : null;
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
