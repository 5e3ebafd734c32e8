/**
 * Lambda entry of the Notify and NotifyFailure tasks. Alert destinations
 * come from the Secrets Manager secret named by WEBHOOK_SECRET_ARN (read
 * once per cold start; its JSON shape is in docs/notifications.md; a value that
 * holds no URL means none is configured, see shared/aws/secrets.ts), else
 * from WEBHOOK_URL, SLACK_URL and WEBHOOK_SIGNING_SECRET. Which runs alert:
 * functions/notify/settings.ts. The report link in an alert is signed by
 * the role REPORT_LINK_ROLE_ARN names (shared/aws/report-link.ts).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { optionalEnv, requiredEnv } from '../../shared/aws/env.ts';
import { reportLinker } from '../../shared/aws/report-link.ts';
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { alertSecretLoader } from '../../shared/aws/secrets.ts';
import type { AlertSecret } from '../../shared/aws/secrets.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { NotifyOutput, PipelineState } from '../../shared/pipeline/types.ts';
import { notify } from './notify.ts';
import { alertOptionsFromEnv } from './settings.ts';
import type { AlertOptions } from '../../shared/alerts/types.ts';

const linkRoleArn = optionalEnv(process.env, 'REPORT_LINK_ROLE_ARN');
const deps = {
  ...pipelineDepsFromEnv(),
  ...(linkRoleArn !== undefined && {
    linkReport: reportLinker(
      new STSClient({}),
      linkRoleArn,
      requiredEnv(process.env, 'AWS_REGION'),
    ),
  }),
};
const fromEnv: AlertSecret = {
  slackUrl: optionalEnv(process.env, 'SLACK_URL'),
  webhookUrl: deps.config.webhookUrl,
  signingSecret: optionalEnv(process.env, 'WEBHOOK_SIGNING_SECRET'),
};
const alerts = alertSettings();
const secretArn = optionalEnv(process.env, 'WEBHOOK_SECRET_ARN');
const loadSecret = secretArn
  ? alertSecretLoader(new SecretsManagerClient({}), secretArn, deps.logger)
  : async () => fromEnv;

/**
 * A bad ALERT_* value must not stop Notify from finalizing runs (a handler
 * that fails to load leaves every run `running`): it is logged as an error
 * and the defaults are used.
 */
function alertSettings(): Partial<AlertOptions> {
  try {
    return alertOptionsFromEnv(process.env);
  } catch (error) {
    deps.logger.error('alert settings ignored, using the defaults', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return {};
  }
}

export const handler = (state: PipelineState): Promise<NotifyOutput> =>
  runTask(async () => {
    const secret = (await loadSecret()) ?? fromEnv;
    const config = {
      ...deps.config,
      slackUrl: secret.slackUrl,
      webhookUrl: secret.webhookUrl,
      webhookSigningSecret: secret.signingSecret,
      alerts,
    };

    return notify(state, { ...deps, config });
  });
