/**
 * Bundle text files are UTF-8. Bytes that are not (a Latin-1 `é`, a
 * Windows-1252 quote) are refused with the line and the byte offset where
 * they start, rather than decoded to U+FFFD and stored as if they were text.
 */
import { bundleError } from './errors.ts';
import type { BundleError } from './errors.ts';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = '\r';
const REPLACEMENT = '\uFFFD';
/** U+FFFD written as UTF-8: a replacement character that was really in the file. */
const REPLACEMENT_BYTES = [0xef, 0xbf, 0xbd] as const;

/** Decodes a whole file, such as the manifest; a leading byte order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const line = countNewlines(bytes.subarray(0, offset)) + 1;

    throw invalidUtf8Error(file, line, offset, bytes[offset]);
  }
}

/**
 * The lines of a UTF-8 file that arrives in chunks, without their "\n" or
 * "\r\n". Empty lines are yielded; the empty piece after a final newline is
 * not a line. Lines are cut at newline bytes, which never occur inside a
 * multi-byte character, so a character split across chunks decodes whole.
 */
export async function* utf8Lines(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decodeLine = (bytes: Uint8Array, line: number, offset: number) => {
    try {
      return stripCarriageReturn(decoder.decode(bytes));
    } catch {
      const at = offset + firstInvalidByte(bytes);
      throw invalidUtf8Error(file, line, at, bytes[at - offset]);
    }
  };
  let pending: Uint8Array[] = [];
  let line = 0;
  let lineOffset = 0;

  for await (const chunk of chunks) {
    let start = 0;
    for (
      let end = chunk.indexOf(NEWLINE);
      end !== -1;
      end = chunk.indexOf(NEWLINE, start)
    ) {
      const bytes = concat([...pending, chunk.subarray(start, end)]);
      line += 1;
      yield decodeLine(bytes, line, lineOffset);
      lineOffset += bytes.byteLength + 1;
      pending = [];
      start = end + 1;
    }
    if (start < chunk.byteLength) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield decodeLine(concat(pending), line + 1, lineOffset);
}

/** Offset of the first byte that does not begin valid UTF-8; -1 when all are valid. */
export function firstInvalidByte(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  for (
    let at = text.indexOf(REPLACEMENT);
    at !== -1;
    at = text.indexOf(REPLACEMENT, at + 1)
  ) {
    const offset = encoder.encode(text.slice(0, at)).byteLength;
    if (!REPLACEMENT_BYTES.every((byte, i) => bytes[offset + i] === byte))
      return offset;
  }

  return -1;
}

function invalidUtf8Error(
  file: string,
  line: number,
  offset: number,
  byte: number | undefined,
): BundleError {
  const hex = `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  const problem =
    `not valid UTF-8: byte ${hex} at byte offset ${offset} of the file; ` +
    'bundle files must be UTF-8 (a file saved as Latin-1 or Windows-1252 ' +
    'needs re-saving as UTF-8)';

  return bundleError({ file, line }, problem, hex);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;

  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.byteLength;
  }

  return whole;
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (
    let at = bytes.indexOf(NEWLINE);
    at !== -1;
    at = bytes.indexOf(NEWLINE, at + 1)
  ) {
    count += 1;
  }

  return count;
}

function stripCarriageReturn(line: string): string {
  return line.endsWith(CARRIAGE_RETURN) ? line.slice(0, -1) : line;
}
