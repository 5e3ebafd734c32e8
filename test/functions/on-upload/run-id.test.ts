import { describe, it, expect } from 'vitest';
import {
  runIdFor,
  slug,
  RUN_ID_MAX_LENGTH,
} from '../../../functions/on-upload/run-id.ts';
import type { RunIdSource } from '../../../functions/on-upload/run-id.ts';

const SOURCE: RunIdSource = {
  bucket: 'uploads',
  key: 'evaluations/spam/v2/manifest.json',
  versionId: 'v-1',
  etag: 'e-1',
};

const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

const manifestOf = (project: string, modelVersion = 'v2') =>
  `evaluations/${project}/${modelVersion}/manifest.json`;

describe('Function: runIdFor', () => {
  it('joins the slugs and a 20-hex-digit hash', () => {
    expect(runIdFor(SOURCE)).toMatch(/^spam-v2-[0-9a-f]{20}$/);
  });

  it('gives the same upload the same run id', () => {
    expect(runIdFor({ ...SOURCE })).toBe(runIdFor(SOURCE));
  });

  it('gives a new version of the same key a different run id', () => {
    expect(runIdFor({ ...SOURCE, versionId: 'v-2' })).not.toBe(runIdFor(SOURCE));
  });

  it('names the run by version id, whatever the ETag', () => {
    expect(runIdFor({ ...SOURCE, etag: 'other' })).toBe(runIdFor(SOURCE));
  });

  it('falls back to the ETag when there is no version id', () => {
    const unversioned = { ...SOURCE, versionId: undefined };

    expect(runIdFor(unversioned)).not.toBe(runIdFor({ ...unversioned, etag: 'e-2' }));
  });

  it('gives distinct run ids to names that differ only in special characters', () => {
    const names = ['a b', 'a_b', 'a+b', 'a%b', 'a=b', 'aéb', 'a日b'];
    const ids = names.map((project) =>
      runIdFor({ ...SOURCE, key: manifestOf(project) }),
    );

    expect(new Set(ids).size).toBe(names.length);
    for (const id of ids) expect(id).toMatch(/^(a_b|aeb)-v2-[0-9a-f]{20}$/);
  });

  it('stays within 80 execution-name characters for long, non-ASCII names', () => {
    const project = 'ü'.repeat(300) + ' & ' + 'x'.repeat(300);
    const id = runIdFor({ ...SOURCE, key: manifestOf(project, '版本'.repeat(100)) });

    expect(id.length).toBeLessThanOrEqual(RUN_ID_MAX_LENGTH);
    expect(id).toMatch(EXECUTION_NAME);
  });

  it('rejects a key that is not a manifest key', () => {
    expect(() =>
      runIdFor({ ...SOURCE, key: 'evaluations/spam/v2/samples.jsonl' }),
    ).toThrow('got "evaluations/spam/v2/samples.jsonl"');
  });

  it('rejects an object with neither version id nor ETag', () => {
    expect(() => runIdFor({ bucket: 'b', key: SOURCE.key })).toThrow(
      'run id of s3://b/evaluations/spam/v2/manifest.json needs a version id or an ETag, got neither',
    );
  });
});

describe('Function: slug', () => {
  it('drops accents and turns other runs of characters into one underscore', () => {
    expect(slug('Café crème+2')).toBe('Cafe_creme_2');
  });

  it('turns a name of no Latin characters into an underscore', () => {
    expect(slug('日本')).toBe('_');
  });
});
