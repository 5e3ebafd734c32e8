/** Reading the Lambda environment: one place, a missing variable named. */
import { ConfigError } from './config-error.ts';

export type Env = Record<string, string | undefined>;

export function requiredEnv(env: Env, name: string): string {
  const value = optionalEnv(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required but not set');

  return value;
}

/** A variable's value, or undefined when unset or blank. */
export function optionalEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();

  return value === undefined || value === '' ? undefined : value;
}
