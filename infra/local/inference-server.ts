import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../shared/logger.ts';
import type { Logger } from '../../shared/logger.ts';

/**
 * A SageMaker-runtime-compatible HTTP server for local runs: it answers
 * `POST /endpoints/<EndpointName>/invocations` (InvokeEndpoint) with the JSON
 * endpoint contract and sends errors the way SageMaker does, so the real
 * `@aws-sdk/client-sagemaker-runtime` raises the same exception classes.
 */

export interface EndpointInstance {
  id: string;
  input: unknown;
}

export interface EndpointPrediction {
  id: string;
  embedding: number[];
  scores?: number[];
  prediction?: string | number;
  loss?: number;
}

/** A hosted model: one batch of instances in, one prediction per instance out. */
export type EndpointModel = (
  instances: EndpointInstance[],
) => Promise<EndpointPrediction[]>;

/**
 * Thrown by a model for input it cannot take: the caller gets a ModelError
 * with OriginalStatusCode 400, as from a container answering 400. Any other
 * error thrown by a model is reported with OriginalStatusCode 500.
 */
export class EndpointInputError extends Error {
  override name = 'EndpointInputError';
}

export interface InferenceServerOptions {
  endpoints: Record<string, EndpointModel>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  logger?: Logger;
  /** Largest request body; default 6 MiB, the real-time endpoint limit. */
  maxRequestBytes?: number;
  /** Shown in error messages as SageMaker does; default 000000000000. */
  accountId?: string;
  /** Shown in log stream ARNs; default us-east-1. */
  region?: string;
}

export interface InferenceServer {
  /** `http://host:port`, to pass as the SDK client's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_REQUEST_BYTES = 6 * 1024 * 1024;

const INVOCATIONS_PATH = /^\/endpoints\/([^/]+)\/invocations$/;
const MODEL_ERROR_TYPE =
  'ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/';
const VALIDATION_ERROR_TYPE =
  'ValidationError:http://internal.amazon.com/coral/com.amazon.coral.validate/';

interface Settings {
  endpoints: Record<string, EndpointModel>;
  logger: Logger;
  maxRequestBytes: number;
  accountId: string;
  region: string;
}

export async function startInferenceServer(
  options: InferenceServerOptions,
): Promise<InferenceServer> {
  const settings: Settings = {
    endpoints: options.endpoints,
    logger: options.logger ?? silentLogger,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    accountId: options.accountId ?? '000000000000',
    region: options.region ?? 'us-east-1',
  };
  const server = createServer((request, response) => {
    handleRequest(request, response, settings).catch((error: unknown) => {
      settings.logger.error('inference server failure', { error: String(error) });
      sendJson(response, 500, { message: 'InternalFailure' }, 'InternalFailure');
    });
  });

  const address = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  settings.logger.info('inference server started', {
    url: address,
    endpoints: Object.keys(options.endpoints),
  });
  return { url: address, close: () => closeServer(server) };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  settings: Settings,
) {
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  const match = INVOCATIONS_PATH.exec(pathname);
  if (request.method !== 'POST' || match === null) {
    const message = `No route for ${request.method} ${pathname}`;
    return sendJson(response, 404, { message }, 'UnknownOperationException');
  }

  const endpointName = decodeURIComponent(match[1] ?? '');
  const body = await readBody(request, settings.maxRequestBytes);
  if (body === undefined) {
    const message = `HTTP content length exceeded ${settings.maxRequestBytes} bytes.`;
    return sendJson(response, 413, { message });
  }
  const model = Object.hasOwn(settings.endpoints, endpointName)
    ? settings.endpoints[endpointName]
    : undefined;
  if (model === undefined) {
    const message = `Endpoint ${endpointName} of account ${settings.accountId} not found.`;
    return sendJson(response, 400, { message }, VALIDATION_ERROR_TYPE);
  }

  await invoke(endpointName, model, body, response, settings);
}

async function invoke(
  endpointName: string,
  model: EndpointModel,
  body: Buffer,
  response: ServerResponse,
  settings: Settings,
) {
  const startedAtMs = Date.now();
  const instances = parseInstances(body);
  if (typeof instances === 'string') {
    return sendModelError(response, endpointName, 400, instances, settings);
  }

  try {
    const predictions = await model(instances);
    if (!Array.isArray(predictions))
      throw new Error('the model did not return an array');
    settings.logger.info('invocation', {
      endpoint: endpointName,
      instances: instances.length,
      durationMs: Date.now() - startedAtMs,
    });
    response.setHeader('x-Amzn-Invoked-Production-Variant', 'AllTraffic');
    return sendJson(response, 200, { predictions });
  } catch (error) {
    const status = error instanceof EndpointInputError ? 400 : 500;
    const message = error instanceof Error ? error.message : String(error);
    settings.logger.warn('model error', { endpoint: endpointName, status, message });
    return sendModelError(response, endpointName, status, message, settings);
  }
}

/** The instances of a request body, or a message saying why there are none. */
function parseInstances(body: Buffer): EndpointInstance[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return `request body is not valid JSON: ${(error as Error).message}`;
  }

  const instances = (parsed as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) {
    return 'request body must be {"instances": [{"id", "input"}, ...]}: field instances is not an array';
  }
  const bad = instances.findIndex(
    (instance) => typeof (instance as { id?: unknown } | null)?.id !== 'string',
  );
  if (bad >= 0) return `instances[${bad}].id must be a string`;
  return instances as EndpointInstance[];
}

/** As SageMaker reports a container's error: status 424, the container's status inside. */
function sendModelError(
  response: ServerResponse,
  endpointName: string,
  originalStatusCode: number,
  originalMessage: string,
  settings: Settings,
) {
  const kind = originalStatusCode < 500 ? 'client' : 'server';
  const logGroup = `/aws/sagemaker/Endpoints/${endpointName}`;
  const message =
    `Received ${kind} error (${originalStatusCode}) from primary with message ` +
    `"${originalMessage}". See the local inference server log (${logGroup}) in account ` +
    `${settings.accountId} for more information.`;

  sendJson(
    response,
    424,
    {
      ErrorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
      LogStreamArn: `arn:aws:logs:${settings.region}:${settings.accountId}:log-group:${logGroup}`,
      Message: message,
      OriginalMessage: originalMessage,
      OriginalStatusCode: originalStatusCode,
    },
    MODEL_ERROR_TYPE,
  );
}

/** The whole body, or undefined once it passes the limit (the rest is drained). */
function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined),
    );
    request.on('error', reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
) {
  const payload = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json');
  response.setHeader('Content-Length', Buffer.byteLength(payload));
  if (errorType !== undefined) response.setHeader('x-amzn-ErrorType', errorType);
  response.end(payload);
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost =
        address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
