import { describe, expect, it } from 'vitest';
import {
  parseManifestKey,
  requireManifestKey,
} from '../../../shared/aws/manifest-key.ts';

describe('Function: parseManifestKey', () => {
  it('returns project and model version of a manifest key', () => {
    expect(parseManifestKey('evaluations/spam filter/v1.2/manifest.json')).toEqual({
      project: 'spam filter',
      modelVersion: 'v1.2',
    });
  });

  it('returns undefined for other keys', () => {
    for (const key of [
      'evaluations/p/v/samples.jsonl',
      'evaluations/p/v/sub/manifest.json',
      'evaluations//v/manifest.json',
      'results/p/v/manifest.json',
    ]) {
      expect(parseManifestKey(key)).toBeUndefined();
    }
  });
});

describe('Function: requireManifestKey', () => {
  it('throws naming the key when it is not a manifest key', () => {
    expect(() => requireManifestKey('evaluations/p/manifest.json')).toThrow(
      'manifest key must be evaluations/<project>/<modelVersion>/manifest.json, ' +
        'got "evaluations/p/manifest.json"',
    );
  });
});
