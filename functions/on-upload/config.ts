import { requiredEnv } from '../../shared/aws/env.ts';

export interface OnUploadConfig {
  table: string;
  stateMachineArn: string;
}

/**
 * The on-upload settings, read once from the Lambda environment; a missing
 * or blank variable is a `ConfigError` naming it.
 */
export function readOnUploadConfig(
  env: Record<string, string | undefined>,
): OnUploadConfig {
  return {
    table: requiredEnv(env, 'TABLE_NAME'),
    stateMachineArn: requiredEnv(env, 'STATE_MACHINE_ARN'),
  };
}
