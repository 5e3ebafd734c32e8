/**
 * Lambda entry of the Notify and NotifyFailure tasks. The webhook URL comes
 * from the Secrets Manager secret named by WEBHOOK_SECRET_ARN (read once per
 * cold start; a value that holds no URL means none is configured, see
 * shared/aws/secrets.ts), else from WEBHOOK_URL.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { optionalEnv } from '../../shared/aws/env.ts';
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { webhookUrlLoader } from '../../shared/aws/secrets.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { NotifyOutput, PipelineState } from '../../shared/pipeline/types.ts';
import { notify } from './notify.ts';

const deps = pipelineDepsFromEnv();
const secretArn = optionalEnv(process.env, 'WEBHOOK_SECRET_ARN');
const loadWebhookUrl = secretArn
  ? webhookUrlLoader(new SecretsManagerClient({}), secretArn, deps.logger)
  : async () => deps.config.webhookUrl;

export const handler = (state: PipelineState): Promise<NotifyOutput> =>
  runTask(async () => {
    const webhookUrl = (await loadWebhookUrl()) ?? deps.config.webhookUrl;

    return notify(state, { ...deps, config: { ...deps.config, webhookUrl } });
  });
