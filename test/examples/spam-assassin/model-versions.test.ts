import { describe, expect, it } from 'vitest';
import type { CorpusGroup } from '../../../examples/spam-assassin/corpus.ts';
import {
  modelVersionSpec,
  selectTrainingSet,
} from '../../../examples/spam-assassin/model-versions.ts';

const TRAINING: { id: string; group: CorpusGroup }[] = [
  ...Array.from({ length: 62 }, (_, i) => ({
    id: `hard-ham-1/${String(i).padStart(5, '0')}`,
    group: 'hard-ham-1' as const,
  })),
  ...Array.from({ length: 40 }, (_, i) => ({
    id: `spam-1/${String(i).padStart(5, '0')}`,
    group: 'spam-1' as const,
  })),
];

describe('Function: selectTrainingSet', () => {
  it('keeps half of the hard ham and all of the other groups for v1', () => {
    const selected = selectTrainingSet(modelVersionSpec('v1'), TRAINING, 1);

    expect(selected.filter((email) => email.group === 'hard-ham-1')).toHaveLength(31);
    expect(selected.filter((email) => email.group === 'spam-1')).toHaveLength(40);
  });

  it('chooses the same e-mails for the same seed and others for another seed', () => {
    const spec = modelVersionSpec('v1');
    const ids = (seed: number) =>
      selectTrainingSet(spec, TRAINING, seed).map((e) => e.id);

    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });
});

describe('Function: modelVersionSpec', () => {
  it('names v1 endpoint spam-v1', () => {
    expect(modelVersionSpec('v1').endpoint).toBe('spam-v1');
  });

  it('names the known versions when asked for an unknown one', () => {
    expect(() => modelVersionSpec('v9')).toThrow(
      'unknown model version; known: v1, v2, v3 (field versions, value "v9")',
    );
  });
});

describe('Function: selectTrainingSet with a bad spec', () => {
  it('names the group whose keep share is outside 0..1', () => {
    const spec = { ...modelVersionSpec('v1'), keepShare: { 'spam-1': 1.5 } };

    expect(() => selectTrainingSet(spec, TRAINING, 1)).toThrow(
      'keep share of v1 must be between 0 and 1 (field keepShare.spam-1, value 1.5)',
    );
  });
});

describe('Function: selectTrainingSet for versions that repeat a selection', () => {
  it("keeps v1's very e-mails for v2 and v3", () => {
    const v1 = selectTrainingSet(modelVersionSpec('v1'), TRAINING, 1);

    expect(selectTrainingSet(modelVersionSpec('v2'), TRAINING, 1)).toEqual(v1);
    expect(selectTrainingSet(modelVersionSpec('v3'), TRAINING, 1)).toEqual(v1);
  });

  it('rejects a selection taken from a version that takes its own elsewhere', () => {
    const spec = { ...modelVersionSpec('v3'), selectionOf: 'v2' };

    expect(() => selectTrainingSet(spec, TRAINING, 1)).toThrow(
      'v3 must name a version that makes its own selection (field selectionOf, value "v2")',
    );
  });
});
