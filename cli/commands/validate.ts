import { resolveBundleDir } from '../bundle-dir.ts';
import { validateBundleDir } from '../../shared/bundle/validate.ts';

export async function validateCommand(dir: string): Promise<void> {
  const result = await validateBundleDir(await resolveBundleDir(dir));
  const { manifest } = result;
  const source = result.needsInference
    ? `inference through endpoint "${manifest.inference?.endpoint}"`
    : `precomputed outputs, embeddings of dimension ${result.embeddingDim}`;

  console.log(
    `${dir}: valid bundle for ${manifest.project} ${manifest.modelVersion} ` +
      `(${manifest.task}, ${result.sampleCount} ` +
      `${result.sampleCount === 1 ? 'sample' : 'samples'}, ${source})`,
  );
}
