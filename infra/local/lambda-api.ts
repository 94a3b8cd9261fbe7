import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionError, type FunctionHost } from './function-host.ts';
import { closeServer, readBody } from './http-server.ts';

/** Lambda's limit on a synchronous invocation's request and response payloads. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke API (RequestResponse), for a function that invokes another directly with
 * `@aws-sdk/client-lambda` (every function is given `AWS_ENDPOINT_URL_LAMBDA`). It listens on a
 * loopback port of its own, apart from the HTTP API, which stands for the public surface: in AWS
 * only IAM lets a caller in, and no route leads here.
 *
 * The answer is Lambda's: 200 with the function's JSON result; a function that threw or timed
 * out is still 200, with `X-Amz-Function-Error: Unhandled` and `{errorType, errorMessage, trace}`;
 * an unknown function is 404 ResourceNotFoundException. `FunctionName` may be the name (what
 * `Ref` resolves to locally) or the function's ARN, with no qualifier but `$LATEST`. Grants are
 * not checked here (nothing local checks IAM): the template tests pin who may invoke what.
 */
export class LocalLambdaApi {
  private server: Server | undefined;
  private hosts = new Map<string, FunctionHost>();
  private readonly onError: (message: string) => void;

  constructor(onError: (message: string) => void) {
    this.onError = onError;
  }

  /** Binds a free loopback port first, so that every function can be given the endpoint. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.onError(`Lambda ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) sendError(res, 500, 'ServiceException', 'The local Lambda API failed.');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The functions, by their local name; until then invocations get 503. */
  serve(hosts: Iterable<FunctionHost>): void {
    this.hosts = new Map([...hosts].map((host) => [host.name, host]));
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !route) return sendError(res, 404, 'UnknownOperationException', 'The local runtime serves Lambda Invoke only.');
    if (this.hosts.size === 0) return sendError(res, 503, 'ServiceException', 'The local runtime is still starting.');
    const requested = decodeURIComponent(route[1]!);
    const host = this.hostOf(requested, url.searchParams.get('Qualifier'));
    if (!host) return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${requested}`);
    const invocationType = headerOf(req, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse') {
      return sendError(res, 400, 'InvalidParameterValueException', `The local runtime serves RequestResponse invocations only, not ${invocationType}.`);
    }
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === null) return sendError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    let event: unknown;
    try {
      event = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }

    res.setHeader('x-amz-executed-version', '$LATEST');
    let result: unknown;
    try {
      result = await host.invoke(event);
    } catch (error) {
      const failure = error instanceof FunctionError ? error : new FunctionError(host.name, (error as Error).name, (error as Error).message, (error as Error).stack);
      res.setHeader('x-amz-function-error', 'Unhandled');
      return sendJson(res, 200, { errorType: failure.errorType, errorMessage: failure.message, trace: (failure.remoteStack ?? '').split('\n').filter(Boolean) });
    }
    sendJson(res, 200, result === undefined ? null : result);
  }

  /** By name, or by ARN (`arn:aws:lambda:<region>:<account>:function:<name>`); a qualifier other than $LATEST names nothing here. */
  private hostOf(requested: string, qualifier: string | null): FunctionHost | undefined {
    const arn = /^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(?::(.+))?$/.exec(requested);
    const name = arn ? arn[1]! : requested;
    const version = qualifier ?? arn?.[2] ?? '$LATEST';
    return version === '$LATEST' ? this.hosts.get(name) : undefined;
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', payload.length);
  res.end(payload);
}

/** An error of the Invoke API itself (not of the function), as the SDK reads it: the type in a header, the message in the body. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.setHeader('x-amzn-errortype', type);
  sendJson(res, status, { Type: 'User', message });
}
