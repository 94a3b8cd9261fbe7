import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../libs/platform/errors.ts';
import type { DevIssuer } from './dev-issuer.ts';
import { ISSUER_PATH } from './dev-issuer.ts';
import { StartupError } from './errors.ts';
import { closeServer, readBody } from './http-server.ts';
import type { FunctionHost } from './function-host.ts';

/** API Gateway HTTP APIs accept payloads up to 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface LocalRoute {
  readonly routeKey: string;
  readonly host: FunctionHost;
  /** Audiences of the route's JWT authorizer, or null for a public route. */
  readonly jwtAudiences: string[] | null;
}

interface CompiledRoute extends LocalRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly params: string[];
  readonly specificity: number[];
}

/**
 * An HTTP API (payload format 2.0) in front of the local functions: matches routes
 * like API Gateway (static segments win over parameters, {proxy+} last), runs the
 * JWT authorizer, builds the same event, maps the function's answer back.
 */
export class LocalHttpApi {
  private routes: CompiledRoute[] = [];
  private issuer: DevIssuer | undefined;
  private server: Server | undefined;

  private readonly port: number;
  private readonly onError: (message: string) => void;

  constructor(port: number, onError: (message: string) => void) {
    this.port = port;
    this.onError = onError;
  }

  /** Routes are set once the functions exist; until then requests get 503. */
  serve(routes: LocalRoute[], issuer: DevIssuer): void {
    this.routes = routes.map(compile).sort(bySpecificity);
    this.issuer = issuer;
  }

  /** Binds the port first, so that a busy port is reported before anything else starts. */
  async listen(host = '127.0.0.1'): Promise<number> {
    const port = this.port;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // The path only: a query string can hold what a citizen proves identity with (?phone4=).
        this.onError(`HTTP ${req.method} ${pathOf(req.url)}: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new StartupError(`Port ${port} is busy: stop what uses it, or start on another port (PORT=${port + 1} npm start).`)
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A path is pasted after the origin, so that one starting with // stays a path, not a host.
    const target = req.url ?? '/';
    const url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost');
    const issuer = this.issuer;
    if (!issuer) return send(res, 503, { message: 'Service Unavailable' });
    // API Gateway refuses these before any route or function (decodeURIComponent would throw later).
    if (!wellEncoded(url.pathname)) return send(res, 400, MALFORMED_PATH.toBody());
    if (req.method === 'GET' && url.pathname === `${ISSUER_PATH}/.well-known/jwks.json`) {
      return send(res, 200, issuer.jwks());
    }
    const method = req.method ?? 'GET';
    const match = this.match(method, url.pathname);
    if (!match) return send(res, 404, { message: 'Not Found' });
    const { route, pathParameters } = match;

    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === null) {
      // The rest of the body is left unread on the socket: close it, or the client's next request would follow those bytes.
      res.setHeader('connection', 'close');
      return send(res, 413, { message: 'Request Entity Too Large' });
    }

    let claims: Record<string, string> | undefined;
    if (route.jwtAudiences) {
      const header = req.headers.authorization ?? '';
      const token = header.replace(/^Bearer\s+/i, '');
      try {
        if (!token) throw new Error('missing token');
        const payload = await issuer.verify(token, route.jwtAudiences);
        claims = Object.fromEntries(
          Object.entries(payload).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
        );
      } catch {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, { message: 'Unauthorized' });
      }
    }

    const event = buildEvent(req, url, route, pathParameters, body, claims);
    let result: unknown;
    try {
      result = await route.host.invoke(event);
    } catch (error) {
      this.onError(`${route.host.name} failed on ${route.routeKey}: ${(error as Error).message}`);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    respond(res, result);
  }

  private match(method: string, pathname: string): { route: CompiledRoute; pathParameters: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== 'ANY' && route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      route.params.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, pathParameters };
    }
    return null;
  }
}

const MALFORMED_PATH = new DomainError(
  'MALFORMED_PATH',
  'Đường dẫn có mã hóa phần trăm không hợp lệ',
  'The path has malformed percent-encoding',
);

function wellEncoded(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}

function compile(route: LocalRoute): CompiledRoute {
  if (route.routeKey === '$default') {
    return { ...route, method: 'ANY', pattern: /^.*$/, params: [], specificity: [Number.MAX_SAFE_INTEGER] };
  }
  const [method = 'ANY', routePath = '/'] = route.routeKey.split(' ');
  const params: string[] = [];
  const specificity: number[] = [];
  const source = routePath
    .split('/')
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      if (greedy) {
        params.push(greedy[1]!);
        specificity.push(2);
        return '(.+)';
      }
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        params.push(param[1]!);
        specificity.push(1);
        return '([^/]+)';
      }
      specificity.push(0);
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, method, pattern: new RegExp(`^${source}/?$`), params, specificity };
}

/** Static segments before parameters, parameters before greedy ones; ANY after a named method. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.specificity.length, b.specificity.length);
  for (let i = 0; i < length; i++) {
    const difference = (a.specificity[i] ?? -1) - (b.specificity[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|.*\+json)/i;

function buildEvent(
  req: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/));
    else headers[name] = headers[name] ? `${headers[name]},${value}` : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = queryStringParameters[name] ? `${queryStringParameters[name]},${value}` : value;
  }
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: !isText,
  };
  if (cookies.length) event.cookies = cookies;
  if (Object.keys(queryStringParameters).length) event.queryStringParameters = queryStringParameters;
  if (Object.keys(pathParameters).length) event.pathParameters = pathParameters;
  if (body.length) event.body = isText ? body.toString('utf8') : body.toString('base64');
  return event;
}

/** API Gateway's mapping of a payload 2.0 function answer onto an HTTP response. */
function respond(res: ServerResponse, result: unknown): void {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as { statusCode: number; headers?: Record<string, string | number | boolean>; body?: string; isBase64Encoded?: boolean; cookies?: string[] })
      : null;
  if (!structured) {
    return send(res, 200, result ?? '');
  }
  for (const [name, value] of Object.entries(structured.headers ?? {})) res.setHeader(name, String(value));
  if (structured.cookies?.length) res.setHeader('set-cookie', structured.cookies);
  const body = structured.body === undefined ? '' : structured.body;
  const payload = structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  res.statusCode = structured.statusCode;
  res.setHeader('content-length', payload.length);
  res.end(payload);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', payload.length);
  res.end(payload);
}
