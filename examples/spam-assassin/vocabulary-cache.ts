import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VocabularyError } from './errors.ts';
import { createVocabulary } from './vocabulary.ts';
import type { Vocabulary, VocabularyInfo } from './vocabulary.ts';

/**
 * The cache file: 8 magic bytes, a little-endian uint32 header length, a UTF-8
 * JSON header `{ formatVersion, dimensions, count, words, info }`, zero padding
 * to a multiple of 4 bytes, then `count x dimensions` little-endian float32.
 */
const MAGIC = 'AGGVOCAB';
const FORMAT_VERSION = 1;

interface CacheHeader {
  formatVersion: number;
  dimensions: number;
  count: number;
  words: string[];
  info: VocabularyInfo;
}

/** Writes the table next to a temporary name, then renames it into place. */
export async function writeVocabularyCache(file: string, vocabulary: Vocabulary) {
  const header: CacheHeader = {
    formatVersion: FORMAT_VERSION,
    dimensions: vocabulary.dimensions,
    count: vocabulary.words.length,
    words: [...vocabulary.words],
    info: vocabulary.info,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = MAGIC.length + 4 + headerBytes.length;
  const padding = Buffer.alloc((4 - (prefixLength % 4)) % 4);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const data = Buffer.alloc(vocabulary.vectors.length * 4);
  vocabulary.vectors.forEach((value, i) => data.writeFloatLE(value, i * 4));

  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    Buffer.concat([Buffer.from(MAGIC), length, headerBytes, padding, data]),
  );
  await rename(temporary, file);
}

export async function readVocabularyCache(file: string): Promise<Vocabulary> {
  const bytes = await readFile(file);
  const header = readHeader(bytes, file);
  const dataStart = align4(MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length));
  const expectedBytes = header.count * header.dimensions * 4;
  if (bytes.length - dataStart !== expectedBytes) {
    throw new VocabularyError(`expected ${expectedBytes} bytes of vectors`, {
      file,
      field: 'vectors',
      value: bytes.length - dataStart,
    });
  }

  const vectors = new Float32Array(header.count * header.dimensions);
  for (let i = 0; i < vectors.length; i += 1)
    vectors[i] = bytes.readFloatLE(dataStart + i * 4);
  return createVocabulary(header.words, vectors, header.dimensions, header.info);
}

/** The header alone (fingerprint, source), without decoding the vectors. */
export async function readVocabularyInfo(file: string): Promise<VocabularyInfo> {
  return readHeader(await readFile(file), file).info;
}

function readHeader(bytes: Buffer, file: string): CacheHeader {
  if (
    bytes.length < MAGIC.length + 4 ||
    bytes.toString('latin1', 0, MAGIC.length) !== MAGIC
  ) {
    throw new VocabularyError('not a vocabulary cache file', { file, field: 'magic' });
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(
    bytes.toString('utf8', start, start + headerLength),
  ) as CacheHeader;
  if (header.formatVersion !== FORMAT_VERSION) {
    throw new VocabularyError(`expected format version ${FORMAT_VERSION}`, {
      file,
      field: 'formatVersion',
      value: header.formatVersion,
    });
  }
  if (!Array.isArray(header.words) || header.words.length !== header.count) {
    throw new VocabularyError(`expected ${header.count} words`, {
      file,
      field: 'words',
      value: Array.isArray(header.words) ? header.words.length : header.words,
    });
  }

  return header;
}

function align4(offset: number): number {
  return offset + ((4 - (offset % 4)) % 4);
}
