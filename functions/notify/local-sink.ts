/**
 * The local stack's stand-in for Slack: each alert's Slack message, exactly
 * as it would be posted, appended as one JSON line to
 * `<dir>/alerts.jsonl`, and its text logged.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryOutcome } from '../../shared/alerts/post-with-retry.ts';
import type { SlackMessage } from '../../shared/alerts/types.ts';
import type { Logger } from '../../shared/logger.ts';

export const LOCAL_SINK_FILE = 'alerts.jsonl';

export async function appendToLocalSink(
  dir: string,
  message: SlackMessage,
  logger: Logger,
): Promise<DeliveryOutcome> {
  const file = join(dir, LOCAL_SINK_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await appendFile(file, `${JSON.stringify(message)}\n`, 'utf-8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error('local alert sink failed', { file, reason });
    return { delivered: false, attempts: 1, httpStatus: null, reason };
  }

  logger.info('alert recorded in the local sink', { file, text: message.text });
  return { delivered: true, attempts: 1, httpStatus: null, reason: null };
}
