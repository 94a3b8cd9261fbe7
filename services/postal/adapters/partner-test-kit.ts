import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShipmentOrder } from '../domain/creation.ts';

/**
 * For the adapters' tests (not a test file itself): a real HTTP server on a free loopback port playing the partner, so
 * the tests go through fetch, sockets, timeouts and status codes as production does.
 */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export type PartnerHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakePartnerServer {
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startFakePartner(handler: PartnerHandler): Promise<FakePartnerServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: ReceivedRequest = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://partner.test'), headers: req.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(request);
    try {
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
    // Once, however often it is called (a test may close it early to play a partner that is gone).
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        // A test may leave a response hanging on purpose (the slow partner).
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })),
  };
}

export function json(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** A result going back by post, as creation.ts would order it. */
export const ORDER: ShipmentOrder = {
  shipmentId: 'SHP-G01.001-260301-0007-R',
  direction: 'outbound',
  dossierCode: 'G01.001-260301-0007',
  agencyCode: 'G01.001',
  clientReference: 'G01.001-260301-0007',
  service: 'HCC',
  contents: 'Kết quả giải quyết hồ sơ G01.001-260301-0007 (thủ tục 1.001234)',
  from: { name: 'Trung tâm Phục vụ hành chính công', address: { line: '1 Lê Lợi', commune: 'Phường Bến Thành', province: 'Thành phố Hồ Chí Minh' } },
  to: { name: 'Nguyễn Văn A', phone: '0912345678', address: { line: '12 Nguyễn Trãi', commune: 'Phường Chợ Quán', province: 'Thành phố Hồ Chí Minh' } },
  collectOnDeliveryVnd: 25_000,
  requestedAt: '2026-03-05T07:30:00.000Z',
};
