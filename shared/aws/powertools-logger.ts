import type { Logger } from '@aws-lambda-powertools/logger';
import type { Logger as NarrowLogger } from '../logger.ts';

/** Powertools' JSON logger behind the narrow logger type; fields become keys. */
export function powertoolsLogger(logger: Logger): NarrowLogger {
  const level =
    (write: (message: string, ...fields: Record<string, unknown>[]) => void) =>
    (message: string, fields?: Record<string, unknown>) =>
      fields === undefined ? write(message) : write(message, fields);

  return {
    debug: level(logger.debug.bind(logger)),
    info: level(logger.info.bind(logger)),
    warn: level(logger.warn.bind(logger)),
    error: level(logger.error.bind(logger)),
  };
}
