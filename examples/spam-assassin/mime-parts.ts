import { contentTypeOf } from './content-type.ts';
import { headerValue, parseMessage } from './message.ts';
import type { ParsedMessage } from './message.ts';

/** A non-multipart part of a message, its body still transfer-encoded. */
export interface LeafPart {
  mediaType: string;
  params: Record<string, string>;
  /** Lowercased Content-Transfer-Encoding; `7bit` when absent. */
  transferEncoding: string;
  body: string;
}

/** Deeper nesting than this is read as an opaque leaf. */
export const MAX_MIME_DEPTH = 8;

/**
 * The leaves of a message in document order: multipart bodies are split at
 * their boundary and `message/rfc822` parts are opened, up to MAX_MIME_DEPTH.
 * A multipart with no boundary or no part is read as one `text/plain` leaf.
 */
export function leafParts(message: ParsedMessage, depth = 0): LeafPart[] {
  const { mediaType, params } = contentTypeOf(message);
  const transferEncoding = (headerValue(message, 'content-transfer-encoding') ?? '7bit')
    .toLowerCase()
    .trim();
  const leaf = { mediaType, params, transferEncoding, body: message.body };
  if (depth >= MAX_MIME_DEPTH) return [leaf];

  if (mediaType === 'message/rfc822') {
    return leafParts(parseMessage(message.body), depth + 1);
  }
  if (!mediaType.startsWith('multipart/')) return [leaf];

  const parts = params.boundary ? splitMultipart(message.body, params.boundary) : [];
  if (parts.length === 0) return [{ ...leaf, mediaType: 'text/plain', params: {} }];
  return parts.flatMap((part) => leafParts(parseMessage(part), depth + 1));
}

/** The bodies between `--boundary` lines, preamble and epilogue dropped. */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;

  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) {
      if (current !== undefined) parts.push(current.join('\n'));
      return parts;
    }
    if (trimmed === delimiter) {
      if (current !== undefined) parts.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current !== undefined) parts.push(current.join('\n'));

  return parts;
}
