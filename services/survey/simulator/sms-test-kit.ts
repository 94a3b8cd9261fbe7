import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { httpHandler, json, type HttpEvent, type HttpResult } from '../../../libs/platform/http.ts';
import { emptyTwiml, publicUrlOf, verifiedTwilioRequestOf, verifyTwilioSignature } from '../../../libs/platform/twilio-signature.ts';
import { verifyUrlSecret } from '../../../libs/platform/url-secret.ts';
import type { CallbackKind, GatewayCallback } from '../adapters/gateway.ts';
import { twilioGateway } from '../adapters/twilio-gateway.ts';
import { vnBrandnameGateway } from '../adapters/vn-brandname-gateway.ts';
import { DEV_BRANDNAME_CALLBACK_SECRET, DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN } from './dev-credentials.ts';

/**
 * For the simulator's tests (not a test file itself): our SMS callback routes as docs/sms-gateways.md
 * proposes them, on a loopback server, made of the real pieces (verifyTwilioSignature over the
 * configured public URL, verifyUrlSecret, the adapters' readCallback), so a callback the
 * simulator posts is accepted only if it is what those pieces accept from a real gateway.
 */

export interface ReceivedCallback {
  readonly method: string;
  /** The public URL as called, query included. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
  /** What the adapter read, when the request was let through. */
  readonly read?: GatewayCallback;
}

const context = { functionName: 'sms-callbacks', awsRequestId: 'local', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const ROUTE = /^\/surveys\/sms\/([a-z0-9-]+)\/(inbound|status)(?:\/([^/]+))?$/;

/** Starts the routes; `answer` may override our answer by index (e.g. a 503 before the real answer). */
export async function startCallbackRoutes(options: { authTokens?: string[]; callbackSecrets?: string[]; answer?: (index: number) => number | undefined } = {}) {
  const received: ReceivedCallback[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const readers = {
    twilio: twilioGateway({ accountSid: DEV_TWILIO_ACCOUNT_SID, authToken: 'unused-here-0000', sender: { from: 'MOTCUA' }, statusCallbackUrl: `${publicBaseUrl}/surveys/sms/twilio/status` }),
    'vn-brandname': vnBrandnameGateway({ baseUrl: 'http://unused.localhost', apiKey: 'unused', brandname: 'MOTCUA' }),
  };
  let reading: GatewayCallback | undefined;
  const read = (gateway: 'twilio' | 'vn-brandname', kind: CallbackKind, query: URLSearchParams, form?: URLSearchParams) => {
    reading = readers[gateway].readCallback(kind, { query, ...(form ? { form } : {}) }, new Date().toISOString());
  };
  const twilio = httpHandler(async (event) => {
    const { query, form } = verifiedTwilioRequestOf(event);
    read('twilio', event.rawPath.endsWith('/inbound') ? 'inbound' : 'status', query, form);
    return emptyTwiml();
  }).use(verifyTwilioSignature({ authTokens: async (gateway) => (gateway === 'twilio' ? (options.authTokens ?? [DEV_TWILIO_AUTH_TOKEN]) : []), publicUrl: publicUrlOf(publicBaseUrl) }));
  const brandname = httpHandler(async (event) => {
    const form = event.requestContext.http.method === 'POST' ? new URLSearchParams(event.body ?? '') : undefined;
    read('vn-brandname', event.rawPath.includes('/inbound/') ? 'inbound' : 'status', new URLSearchParams(event.rawQueryString), form);
    return json(200, { ok: true });
  }).use(verifyUrlSecret({ secrets: { 'vn-brandname': options.callbackSecrets ?? [DEV_BRANDNAME_CALLBACK_SECRET] } }));

  server.on('request', async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const [rawPath = '', rawQueryString = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const match = ROUTE.exec(rawPath);
    const event = {
      rawPath,
      rawQueryString,
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)])),
      body,
      isBase64Encoded: false,
      pathParameters: { gateway: match?.[1] ?? '', ...(match?.[3] ? { secret: decodeURIComponent(match[3]) } : {}) },
      requestContext: { http: { method: req.method } },
    } as unknown as HttpEvent;
    reading = undefined;
    const handler = match?.[3] ? brandname : twilio;
    const result = match && (match[3] ? req.method === 'GET' || match[2] === 'inbound' : req.method === 'POST') ? ((await handler(event, context)) as HttpResult) : { statusCode: 404 };
    const status = options.answer?.(received.length) ?? result.statusCode ?? 200;
    received.push({ method: req.method ?? 'GET', url: `${publicBaseUrl}${req.url}`, headers: req.headers, body, status, ...(reading && status < 300 ? { read: reading } : {}) });
    res.writeHead(status).end();
  });

  return {
    publicBaseUrl,
    received,
    /** What the adapters read from the callbacks let through, in arrival order. */
    read: () => received.flatMap((r) => (r.read ? [r.read] : [])),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
