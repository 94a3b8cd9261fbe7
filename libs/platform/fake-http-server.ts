import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * For adapters' tests (not a test file itself): a real HTTP server on a free loopback port
 * playing a partner or a gateway, so the tests go through fetch, sockets, timeouts and status
 * codes as production does.
 */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** A form-encoded body as an object of its fields (Twilio's API); anything else parsed as JSON. */
  readonly body: unknown;
  readonly rawBody: string;
}

export type FakeHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeHttpServer {
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

function bodyOf(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text);
}

export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedRequest = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://peer.test'), headers: req.headers, body: bodyOf(text, req.headers['content-type']), rawBody: text };
      requests.push(request);
      await handler(request, res);
    } catch {
      if (!res.headersSent) res.writeHead(599);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    // Once, however often it is called (a test may close it early to play a peer that is gone).
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        // A test may leave a response hanging on purpose (the slow peer).
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })),
  };
}

export function json(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
