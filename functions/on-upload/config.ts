import { MissingSettingError } from './errors.ts';

export interface OnUploadConfig {
  table: string;
  stateMachineArn: string;
}

/** The on-upload settings, read once from the Lambda environment. */
export function readOnUploadConfig(env: NodeJS.ProcessEnv): OnUploadConfig {
  return {
    table: required(env, 'TABLE_NAME'),
    stateMachineArn: required(env, 'STATE_MACHINE_ARN'),
  };
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = env[variable]?.trim();
  if (!value) throw new MissingSettingError(variable);

  return value;
}
