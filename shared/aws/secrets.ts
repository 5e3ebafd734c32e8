/**
 * The alert destinations kept in Secrets Manager. The secret's value is a
 * JSON object `{"slackUrl", "webhookUrl", "signingSecret"}` (each optional)
 * or a bare URL (read as `webhookUrl`); a value that holds no URL means no
 * destination is configured. docs/notifications.md.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '../logger.ts';

export class WebhookSecretError extends Error {
  override name = 'WebhookSecretError';

  /**
   * `malformed`: the value tries to configure a destination and gets it
   * wrong (bad JSON, a field of the wrong kind), which someone must fix;
   * otherwise it holds no destination (the placeholder, `{}`), which is
   * normal until one is set.
   */
  constructor(
    readonly secretArn: string,
    problem: string,
    readonly malformed = false,
  ) {
    super(`webhook secret ${secretArn}: ${problem}`);
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);

    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * What the alerts secret holds (docs/notifications.md): Slack and generic
 * webhook URLs and the key generic posts are signed with. Each is optional;
 * at least one URL is needed for the value to count as configured.
 */
export interface AlertSecret {
  slackUrl?: string;
  webhookUrl?: string;
  signingSecret?: string;
}

const ALERT_SECRET_SHAPE =
  '{"slackUrl": "<url>", "webhookUrl": "<url>", "signingSecret": "<key>"} ' +
  '(each optional, one URL at least) or a bare http(s) URL';

export async function alertSecretFromSecret(
  client: SecretsManagerClient,
  secretArn: string,
): Promise<AlertSecret> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (out.SecretString === undefined) {
    throw new WebhookSecretError(
      secretArn,
      'has no string value (binary secrets are not read)',
    );
  }

  return parseAlertSecret(out.SecretString, secretArn);
}

/**
 * The URLs and signing key in a secret's value: the JSON object of
 * ALERT_SECRET_SHAPE, or a bare URL (read as `webhookUrl`, as before). A
 * field of the wrong kind is named in the error; values never are.
 */
export function parseAlertSecret(text: string, secretArn: string): AlertSecret {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    if (isHttpUrl(trimmed)) return { webhookUrl: trimmed };
    throw new WebhookSecretError(
      secretArn,
      `expected ${ALERT_SECRET_SHAPE}, got neither`,
    );
  }
  const value = parseJsonValue(trimmed, secretArn);
  const secret: AlertSecret = {};
  for (const field of ['slackUrl', 'webhookUrl'] as const) {
    const url = value[field];
    if (url === undefined) continue;
    if (typeof url !== 'string' || !isHttpUrl(url.trim())) {
      throw new WebhookSecretError(
        secretArn,
        `field "${field}" must be an http(s) URL`,
        true,
      );
    }
    secret[field] = url.trim();
  }
  const key = value.signingSecret;
  if (key !== undefined && (typeof key !== 'string' || key.trim() === '')) {
    throw new WebhookSecretError(
      secretArn,
      'field "signingSecret" must be a non-empty string',
      true,
    );
  }
  if (typeof key === 'string') secret.signingSecret = key;
  if (secret.slackUrl === undefined && secret.webhookUrl === undefined) {
    throw new WebhookSecretError(
      secretArn,
      'holds neither "slackUrl" nor "webhookUrl"',
    );
  }

  return secret;
}

/**
 * Reads the alerts secret once per cold start. A value that holds no URL (the
 * placeholder the stack generates, `{}`, a binary secret) means "no alert
 * destination configured": logged at info once and remembered for the cold
 * start. A failed read (access, network) is logged as an error and answers
 * undefined (the alert then goes undelivered, the run record is still
 * finalized); it is tried again on the next call. The secret's value is
 * never logged.
 */
export function alertSecretLoader(
  client: SecretsManagerClient,
  secretArn: string,
  logger: Logger,
): () => Promise<AlertSecret | undefined> {
  return onceLoaded(() => alertSecretFromSecret(client, secretArn), secretArn, logger);
}

function parseJsonValue(json: string, secretArn: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new WebhookSecretError(
      secretArn,
      'value starts with "{" but is not valid JSON',
      true,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebhookSecretError(secretArn, 'value must be a JSON object', true);
  }

  return value as Record<string, unknown>;
}

/**
 * A read remembered for the cold start once it settles: a value, or "not
 * configured" (a WebhookSecretError that is not malformed, at info). A
 * malformed value is logged as an error naming what is wrong (never the
 * value), and any other failure (access, network) as an error too: both
 * answer undefined and are read again on the next call, so a fixed secret
 * takes effect on the next run.
 */
function onceLoaded<T>(
  read: () => Promise<T>,
  secretArn: string,
  logger: Logger,
): () => Promise<T | undefined> {
  let settled: { value: T | undefined } | undefined;

  return async () => {
    if (settled !== undefined) return settled.value;
    try {
      settled = { value: await read() };
    } catch (error) {
      if (error instanceof WebhookSecretError && !error.malformed) {
        logger.info('webhook secret not configured', {
          secretArn,
          reason: error.message,
        });
        settled = { value: undefined };
        return undefined;
      }
      const message =
        error instanceof WebhookSecretError
          ? 'webhook secret malformed, no alert sent'
          : 'webhook secret unavailable';
      logger.error(message, { secretArn, reason: reasonOf(error) });
      return undefined;
    }

    return settled.value;
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
