import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { EndpointInputError } from '../../infra/local/inference-server.ts';
import type {
  EndpointInstance,
  EndpointModel,
} from '../../infra/local/inference-server.ts';
import type { EmbedText } from './embed-cache.ts';
import { ModelFileError } from './errors.ts';
import { readSpamModel, scoreEmail } from './spam-model.ts';
import type { SpamModel } from './spam-model.ts';
import { readVocabularyCache } from './vocabulary-cache.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Embedding components are rounded to this many decimals in responses. */
const EMBEDDING_DECIMALS = 6;

/**
 * One endpoint per model file `<modelsDir>/<endpoint>.json`, all embedding
 * with the vocabulary cache at `vocabularyPath`. Each endpoint takes
 * instances whose `input` is the e-mail text and answers the embedding,
 * the class probabilities and the predicted class.
 */
export async function loadSpamEndpoints(
  modelsDir: string,
  vocabularyPath: string,
): Promise<Record<string, EndpointModel>> {
  const files = (await readdir(modelsDir))
    .filter((name) => name.endsWith('.json'))
    .sort();
  const vocabulary = await readVocabularyCache(vocabularyPath);
  const endpoints: Record<string, EndpointModel> = {};

  for (const name of files) {
    const file = path.join(modelsDir, name);
    const model = await readSpamModel(file);
    checkModelFits(model, vocabulary, file, path.basename(name, '.json'));
    endpoints[model.endpoint] = spamEndpoint(model, vocabulary);
  }
  return endpoints;
}

/** An endpoint for the model; `embed` may be shared by endpoints (see cachedEmbedder). */
export function spamEndpoint(
  model: SpamModel,
  vocabulary: Vocabulary,
  embed?: EmbedText,
): EndpointModel {
  return async (instances: EndpointInstance[]) =>
    instances.map(({ id, input }) => {
      if (typeof input !== 'string') {
        throw new EndpointInputError(
          `instance ${id}: input must be the e-mail text as a string, got ${typeof input}`,
        );
      }
      const { embedding, scores, prediction } = scoreEmail(
        model,
        vocabulary,
        input,
        embed,
      );
      return { id, embedding: Array.from(embedding, round), scores, prediction };
    });
}

/** Refuses a model whose file name or vocabulary does not fit. */
export function checkModelFits(
  model: SpamModel,
  vocabulary: Vocabulary,
  file: string,
  baseName: string,
) {
  if (model.endpoint !== baseName) {
    throw new ModelFileError(
      `the file must be named after its endpoint (${baseName}.json)`,
      {
        file,
        field: 'endpoint',
        value: model.endpoint,
      },
    );
  }
  if (model.embedding.vocabularyFingerprint !== vocabulary.info.fingerprint) {
    throw new ModelFileError(
      `trained with another vocabulary than the cache (${vocabulary.info.fingerprint}); rebuild the demo`,
      {
        file,
        field: 'embedding.vocabularyFingerprint',
        value: model.embedding.vocabularyFingerprint,
      },
    );
  }
  if (model.embedding.dimensions !== vocabulary.dimensions) {
    throw new ModelFileError(`the vocabulary has ${vocabulary.dimensions} dimensions`, {
      file,
      field: 'embedding.dimensions',
      value: model.embedding.dimensions,
    });
  }
}

function round(value: number): number {
  const scale = 10 ** EMBEDDING_DECIMALS;

  return Math.round(value * scale) / scale;
}
