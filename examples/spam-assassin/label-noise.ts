import type { SpamLabel } from './corpus.ts';
import { SpamDemoError } from './errors.ts';
import type { LabelNoise } from './model-versions.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { EmbeddedEmail } from './train-model.ts';

/**
 * The label an e-mail comes with from a noisy source: the given label when
 * the e-mail has the true label, matches every value of `when`, and its own
 * seeded draw (from the seed and its id) falls below `share`; else its true
 * label. A draw per id keeps the outcome independent of the order.
 */
export function noisyLabel(
  email: Pick<EmbeddedEmail, 'id' | 'label' | 'metadata'>,
  noise: LabelNoise | undefined,
  seed: number,
): SpamLabel {
  if (noise === undefined || email.label !== noise.trueLabel) return email.label;
  if (!matches(email.metadata, noise.when)) return email.label;

  const draw = createRandom(deriveSeed(seed, `label-noise/${email.id}`))();
  return draw < noise.share ? noise.givenLabel : email.label;
}

/** Rejects a noise spec that cannot mean anything. */
export function validateLabelNoise(noise: LabelNoise, modelVersion: string): void {
  if (!(noise.share >= 0 && noise.share <= 1)) {
    throw new SpamDemoError(`label noise of ${modelVersion} must be between 0 and 1`, {
      field: 'labelNoise.share',
      value: noise.share,
    });
  }
  if (noise.trueLabel === noise.givenLabel) {
    throw new SpamDemoError(`label noise of ${modelVersion} must change the label`, {
      field: 'labelNoise.givenLabel',
      value: noise.givenLabel,
    });
  }
  if (Object.keys(noise.when).length === 0) {
    throw new SpamDemoError(
      `label noise of ${modelVersion} needs a metadata condition`,
      {
        field: 'labelNoise.when',
        value: '{}',
      },
    );
  }
}

function matches(
  metadata: EmbeddedEmail['metadata'],
  when: LabelNoise['when'],
): boolean {
  if (metadata === undefined) return false;

  return Object.entries(when).every(
    ([field, value]) => Object.hasOwn(metadata, field) && metadata[field] === value,
  );
}
