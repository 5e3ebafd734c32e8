/**
 * The webhook URL kept in Secrets Manager. The secret's value is either a
 * JSON object `{"webhookUrl": "https://..."}` or the bare URL; any other
 * value means no webhook is configured.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '../logger.ts';

export class WebhookSecretError extends Error {
  override name = 'WebhookSecretError';

  constructor(
    readonly secretArn: string,
    problem: string,
  ) {
    super(`webhook secret ${secretArn}: ${problem}`);
  }
}

export async function webhookUrlFromSecret(
  client: SecretsManagerClient,
  secretArn: string,
): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (out.SecretString === undefined) {
    throw new WebhookSecretError(
      secretArn,
      'has no string value (binary secrets are not read)',
    );
  }

  return parseWebhookSecret(out.SecretString, secretArn);
}

/** The URL in a secret's value: `{"webhookUrl": ...}` or a bare http(s) URL. */
export function parseWebhookSecret(text: string, secretArn: string): string {
  const trimmed = text.trim();
  const candidate = trimmed.startsWith('{') ? urlField(trimmed, secretArn) : trimmed;

  if (!isHttpUrl(candidate)) {
    throw new WebhookSecretError(
      secretArn,
      'expected an http(s) URL or {"webhookUrl": "<url>"}, got a value that is neither',
    );
  }

  return candidate;
}

function urlField(json: string, secretArn: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new WebhookSecretError(
      secretArn,
      'value starts with "{" but is not valid JSON',
    );
  }
  const url = (value as { webhookUrl?: unknown }).webhookUrl;
  if (typeof url !== 'string') {
    throw new WebhookSecretError(secretArn, 'field "webhookUrl" must be a string URL');
  }

  return url;
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
 * Reads the webhook URL once per cold start. A value that holds no URL (the
 * placeholder the stack generates, `{}`, a binary secret) means "no webhook
 * configured": logged at info once and remembered for the cold start. A
 * failed read (access, network) is logged as an error and answers undefined
 * (the summary then goes undelivered, the run record is still finalized);
 * it is tried again on the next call. The secret's value is never logged.
 */
export function webhookUrlLoader(
  client: SecretsManagerClient,
  secretArn: string,
  logger: Logger,
): () => Promise<string | undefined> {
  let settled: { url: string | undefined } | undefined;

  return async () => {
    if (settled !== undefined) return settled.url;
    try {
      settled = { url: await webhookUrlFromSecret(client, secretArn) };
    } catch (error) {
      if (!(error instanceof WebhookSecretError)) {
        logger.error('webhook secret unavailable', {
          secretArn,
          reason: reasonOf(error),
        });
        return undefined;
      }
      logger.info('webhook secret not configured', {
        secretArn,
        reason: error.message,
      });
      settled = { url: undefined };
    }

    return settled.url;
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
