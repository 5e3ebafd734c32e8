import type { LeafPart } from './mime-parts.ts';

/**
 * The text of a leaf: base64 and quoted-printable bodies are decoded and the
 * bytes read with the part's charset (UTF-8 when absent or unknown to the
 * runtime). Other encodings are returned as they are.
 */
export function decodedText(part: LeafPart): string {
  const charset = part.params.charset ?? 'utf-8';
  if (part.transferEncoding === 'base64') {
    return decodeBytes(
      Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'),
      charset,
    );
  }
  if (part.transferEncoding === 'quoted-printable') {
    return decodeBytes(quotedPrintableBytes(part.body), charset);
  }

  return part.body;
}

/** Decodes RFC 2047 encoded words (`=?charset?B|Q?...?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  const encodedWord = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');

  return joined.replace(
    encodedWord,
    (_match, charset: string, kind: string, data: string) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : quotedPrintableBytes(data.replace(/_/g, ' '));
      return decodeBytes(bytes, charset);
    },
  );
}

/** Bytes of a quoted-printable text: soft breaks removed, `=XX` as raw bytes. */
export function quotedPrintableBytes(text: string): Buffer {
  const withoutSoftBreaks = text.replace(/=[ \t]*\n/g, '');
  const chunks: Buffer[] = [];
  let last = 0;
  for (const match of withoutSoftBreaks.matchAll(/=([0-9A-Fa-f]{2})/g)) {
    chunks.push(Buffer.from(withoutSoftBreaks.slice(last, match.index), 'utf8'));
    chunks.push(Buffer.from([Number.parseInt(match[1] ?? '0', 16)]));
    last = match.index + match[0].length;
  }
  chunks.push(Buffer.from(withoutSoftBreaks.slice(last), 'utf8'));

  return Buffer.concat(chunks);
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
