import { describe, expect, it } from 'vitest';
import {
  noisyLabel,
  validateLabelNoise,
} from '../../../examples/spam-assassin/label-noise.ts';
import type { LabelNoise } from '../../../examples/spam-assassin/model-versions.ts';

const NOISE: LabelNoise = {
  source: 'test reports',
  trueLabel: 'ham',
  givenLabel: 'spam',
  when: { html: true, mailingList: false },
  share: 0.4,
};

function ham(i: number, metadata = { html: true, mailingList: false }) {
  return {
    id: `hard-ham-1/${String(i).padStart(5, '0')}`,
    label: 'ham' as const,
    metadata,
  };
}

describe('Function: noisyLabel', () => {
  it('gives about the share of matching ham the spam label', () => {
    const emails = Array.from({ length: 2000 }, (_, i) => ham(i));

    const flipped = emails.filter((e) => noisyLabel(e, NOISE, 7) === 'spam').length;

    expect(flipped / emails.length).toBeGreaterThan(0.37);
    expect(flipped / emails.length).toBeLessThan(0.43);
  });

  it('keeps the true label of e-mails that miss a condition or have the other label', () => {
    const fromList = Array.from({ length: 200 }, (_, i) =>
      ham(i, { html: true, mailingList: true }),
    );
    const spam = Array.from({ length: 200 }, (_, i) => ({
      ...ham(i),
      label: 'spam' as const,
    }));
    const noMetadata = { id: 'x', label: 'ham' as const };

    expect(fromList.map((e) => noisyLabel(e, NOISE, 7))).not.toContain('spam');
    expect(spam.map((e) => noisyLabel(e, { ...NOISE, share: 1 }, 7))).not.toContain(
      'ham',
    );
    expect(noisyLabel(noMetadata, { ...NOISE, share: 1 }, 7)).toBe('ham');
  });

  it('decides per id, the same for the same seed whatever the order', () => {
    const emails = Array.from({ length: 100 }, (_, i) => ham(i));
    const labels = (list: typeof emails, seed: number) =>
      new Map(list.map((e) => [e.id, noisyLabel(e, NOISE, seed)]));

    expect(labels([...emails].reverse(), 7)).toEqual(labels(emails, 7));
    expect(labels(emails, 8)).not.toEqual(labels(emails, 7));
  });

  it('flips none at share 0 and all at share 1', () => {
    const emails = Array.from({ length: 50 }, (_, i) => ham(i));

    expect(emails.map((e) => noisyLabel(e, { ...NOISE, share: 0 }, 7))).not.toContain(
      'spam',
    );
    expect(emails.map((e) => noisyLabel(e, { ...NOISE, share: 1 }, 7))).not.toContain(
      'ham',
    );
  });
});

describe('Function: validateLabelNoise', () => {
  it('names the share when it is outside 0..1', () => {
    expect(() => validateLabelNoise({ ...NOISE, share: 1.2 }, 'v3')).toThrow(
      'label noise of v3 must be between 0 and 1 (field labelNoise.share, value 1.2)',
    );
  });

  it('rejects noise that gives the true label', () => {
    expect(() => validateLabelNoise({ ...NOISE, givenLabel: 'ham' }, 'v3')).toThrow(
      'label noise of v3 must change the label (field labelNoise.givenLabel, value "ham")',
    );
  });

  it('rejects noise without a metadata condition', () => {
    expect(() => validateLabelNoise({ ...NOISE, when: {} }, 'v3')).toThrow(
      'label noise of v3 needs a metadata condition (field labelNoise.when',
    );
  });
});
