import path from 'node:path';
import type { EndpointModel } from '../../infra/local/inference-server.ts';
import { cachedEmbedder } from './embed-cache.ts';
import { ModelFileError } from './errors.ts';
import { checkModelFits, spamEndpoint } from './model-server.ts';
import { readSpamModel } from './spam-model.ts';
import type { SpamModel } from './spam-model.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Endpoints whose names are known before their models are: see `spamEndpointHost`. */
export interface SpamEndpointHost {
  /** Pass to the inference server; each answers once its model is deployed. */
  endpoints: Record<string, EndpointModel>;
  /** Serves the model file's model on its endpoint from the next request on. */
  deploy(file: string): Promise<SpamModel>;
}

/**
 * One endpoint per name, each serving whichever model was last deployed to
 * it, as a SageMaker endpoint does when it is updated: the local stack can
 * start before later model versions are trained. A request before any
 * deployment is a model error (status 500), since the container has no model.
 * The endpoints share one embedding cache: each e-mail is embedded once.
 */
export function spamEndpointHost(
  endpointNames: readonly string[],
  vocabulary: Vocabulary,
): SpamEndpointHost {
  const deployed = new Map<string, EndpointModel>();
  const embed = cachedEmbedder(vocabulary);
  const endpoints: Record<string, EndpointModel> = {};
  for (const name of endpointNames) {
    endpoints[name] = async (instances) => {
      const model = deployed.get(name);
      if (model === undefined)
        throw new Error(`endpoint ${name} has no model deployed yet`);
      return model(instances);
    };
  }

  const deploy = async (file: string) => {
    const model = await readSpamModel(file);
    checkModelFits(model, vocabulary, file, path.basename(file, '.json'));
    if (!Object.hasOwn(endpoints, model.endpoint)) {
      throw new ModelFileError(`no endpoint of this name is hosted`, {
        file,
        field: 'endpoint',
        value: model.endpoint,
      });
    }
    deployed.set(model.endpoint, spamEndpoint(model, vocabulary, embed));
    return model;
  };
  return { endpoints, deploy };
}
