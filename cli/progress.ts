import type { Logger } from '../shared/logger.ts';

export interface Progress {
  step(message: string): void;
  logger: Logger;
}

/**
 * Progress lines on stderr, so stdout stays for results. With `verbose`, the
 * structured logs of the stack's functions are shown too (JSON lines).
 */
export function progressLogger(verbose = false): Progress {
  const started = Date.now();
  const write =
    (level: string) => (message: string, fields?: Record<string, unknown>) => {
      if (!verbose && level !== 'error') return;
      process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
    };

  return {
    step: (message) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
      process.stderr.write(`[${seconds}s] ${message}\n`);
    },
    logger: {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    },
  };
}
