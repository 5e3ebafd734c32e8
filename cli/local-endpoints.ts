import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EndpointModel } from '../infra/local/inference-server.ts';
import { loadSpamEndpoints } from '../examples/spam-assassin/model-server.ts';

/**
 * The models the local inference server hosts: the demo's, once
 * `aggressors demo` has built them. Other endpoints answer "not found",
 * as SageMaker does.
 */
export async function loadLocalEndpoints(
  stateDir: string,
): Promise<Record<string, EndpointModel>> {
  const modelsDir = join(stateDir, 'demo', 'models');
  const vocabularyPath = join(stateDir, 'cache', 'spam-vocabulary.bin');
  if (!existsSync(modelsDir) || !existsSync(vocabularyPath)) return {};

  return loadSpamEndpoints(modelsDir, vocabularyPath);
}
