import { existsSync } from 'node:fs';
import type { EndpointModel } from '../infra/local/inference-server.ts';
import { loadSpamEndpoints } from '../examples/spam-assassin/model-server.ts';
import { spamDemoPaths } from '../examples/spam-assassin/paths.ts';

/**
 * The models the local inference server hosts: the demo's, once
 * `aggressors demo` has built them. Other endpoints answer "not found",
 * as SageMaker does.
 */
export async function loadLocalEndpoints(
  stateDir: string,
): Promise<Record<string, EndpointModel>> {
  const { modelsDir, vocabularyPath } = spamDemoPaths(stateDir);
  if (!existsSync(modelsDir) || !existsSync(vocabularyPath)) return {};

  return loadSpamEndpoints(modelsDir, vocabularyPath);
}
