import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  firstInvalidByte,
  utf8Lines,
} from '../../../shared/bundle/utf8.ts';
import { catchBundleError } from './helpers.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);

  return all;
}

describe('Function: utf8Lines', () => {
  it('yields lines without "\\n" or "\\r\\n", blank ones too, and no line after a final newline', async () => {
    const lines = await collect(utf8Lines(chunksOf(bytes('a\r\n\nb\n')), 'f'));

    expect(lines).toEqual(['a', '', 'b']);
  });

  it('yields a last line that has no newline', async () => {
    const lines = await collect(utf8Lines(chunksOf(bytes('a\nb')), 'f'));

    expect(lines).toEqual(['a', 'b']);
  });

  it('decodes a character whose bytes are split across chunks, and a line across three', async () => {
    const whole = bytes('{"id":"café"}\n{"id":"€uro"}\n');
    const e = whole.indexOf(0xc3);
    const euro = whole.indexOf(0xe2);

    const lines = await collect(
      utf8Lines(
        chunksOf(
          whole.subarray(0, e + 1),
          whole.subarray(e + 1, euro + 1),
          whole.subarray(euro + 1, euro + 2),
          whole.subarray(euro + 2),
        ),
        'f',
      ),
    );

    expect(lines).toEqual(['{"id":"café"}', '{"id":"€uro"}']);
  });

  it('keeps a byte order mark for the reader of the first line to drop', async () => {
    const lines = await collect(utf8Lines(chunksOf(bytes('\uFEFF{}\n')), 'f'));

    expect(lines).toEqual(['\uFEFF{}']);
  });

  it('rejects a Latin-1 byte naming the file, the line and its byte offset', async () => {
    const latin1 = Uint8Array.from([
      ...bytes('{"id":"a"}\n{"id":"caf'),
      0xe9,
      ...bytes('"}\n'),
    ]);

    const error = await catchBundleError(
      () =>
        collect(
          utf8Lines(
            chunksOf(latin1.subarray(0, 5), latin1.subarray(5)),
            'samples.jsonl',
          ),
        ),
      { file: 'samples.jsonl', line: 2, value: '0xE9' },
    );

    expect(error.message).toBe(
      'samples.jsonl line 2: not valid UTF-8: byte 0xE9 at byte offset 21 of ' +
        'the file; bundle files must be UTF-8 (a file saved as Latin-1 or ' +
        'Windows-1252 needs re-saving as UTF-8)',
    );
  });

  it('rejects a multi-byte character cut short by the end of the file', async () => {
    const cut = bytes('{"id":"€"}').subarray(0, 9);

    await catchBundleError(() => collect(utf8Lines(chunksOf(cut), 'f')), {
      file: 'f',
      line: 1,
      value: '0xE2',
    });
  });
});

describe('Function: firstInvalidByte', () => {
  it('returns -1 for valid UTF-8, a real U+FFFD included', () => {
    expect(firstInvalidByte(bytes('a\uFFFDb é'))).toBe(-1);
  });

  it('skips a real U+FFFD to find the invalid byte after it', () => {
    const mixed = Uint8Array.from([...bytes('\uFFFDé'), 0x80, 0x41]);

    expect(firstInvalidByte(mixed)).toBe(5);
  });

  it('finds an overlong encoding, which TextEncoder never writes', () => {
    expect(firstInvalidByte(Uint8Array.from([0x41, 0xc0, 0xaf]))).toBe(1);
  });
});

describe('Function: decodeUtf8', () => {
  it('drops a leading byte order mark', () => {
    expect(decodeUtf8(bytes('\uFEFF{"a": "é"}'), 'm')).toBe('{"a": "é"}');
  });

  it('names the line of an invalid byte in a whole file', async () => {
    const manifest = Uint8Array.from([
      ...bytes('{\n  "project": "caf'),
      0xe9,
      ...bytes('"\n}'),
    ]);

    await catchBundleError(() => decodeUtf8(manifest, 'manifest.json'), {
      file: 'manifest.json',
      line: 2,
      value: '0xE9',
    });
  });
});
