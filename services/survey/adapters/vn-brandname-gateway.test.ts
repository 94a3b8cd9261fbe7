import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeHttpServer, type FakeHandler, type FakeHttpServer } from '../../../libs/platform/fake-http-server.ts';
import { GatewayError } from './gateway.ts';
import { vnBrandnameGateway } from './vn-brandname-gateway.ts';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MESSAGE = { messageId: 'SVY-H38.23-260302-0001-1', to: '+84 912 345 678', text: 'UBND phuong Ha Dong: ho so H38.23-260302-0001. Tra loi 1, 2 hoac 3. Huy: TC' };

/** The reference shape: one message per requestId, answers as codes in a 200. */
async function referenceGateway(handler?: FakeHandler) {
  const byRequest = new Map<string, string>();
  server = await startFakeHttpServer(
    handler ??
      ((req, res) => {
        if (req.headers['authorization'] !== 'Bearer brand-key') return json(res, 200, { code: '13' });
        if (req.method !== 'POST' || req.url.pathname !== '/api/sms/send') return json(res, 404);
        const { requestId } = req.body as { requestId: string };
        const known = byRequest.get(requestId);
        if (known) return json(res, 200, { code: '01', messageId: known });
        const messageId = `BN${byRequest.size + 1}`;
        byRequest.set(requestId, messageId);
        return json(res, 200, { code: '00', messageId });
      }),
  );
  const gateway = vnBrandnameGateway({ baseUrl: `${server.baseUrl}/api`, apiKey: 'brand-key', brandname: 'UBND-HADONG', http: { timeoutMs: 300, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  return { gateway, server, byRequest };
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
};

describe('the brandname gateway, against a local server playing it', () => {
  it('sends JSON with our request id, the number as 84…, the brandname; a second send of the same message sends nothing twice', async () => {
    const { gateway, server, byRequest } = await referenceGateway();
    expect(await gateway.send(MESSAGE)).toEqual({ providerMessageId: 'BN1', status: 'queued', rawStatus: '00' });
    expect(server.requests[0]?.body).toEqual({ requestId: MESSAGE.messageId, phone: '84912345678', message: MESSAGE.text, brandname: 'UBND-HADONG' });
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer brand-key');
    expect(await gateway.send(MESSAGE)).toEqual({ providerMessageId: 'BN1', status: 'queued', rawStatus: '01' });
    expect(byRequest.size).toBe(1);
    expect(gateway.deduplicatesSends).toBe(true);
  });

  it('retries a 503 by itself (the request id makes it safe) and sends once', async () => {
    let calls = 0;
    const { gateway, server } = await referenceGateway((_req, res) => (++calls === 1 ? json(res, 503) : json(res, 200, { code: '00', messageId: 'BN9' })));
    expect((await gateway.send(MESSAGE)).providerMessageId).toBe('BN9');
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['10', 'rejected', false],
    ['12', 'rejected', false],
    ['13', 'unauthorized', false],
    ['14', 'unauthorized', false],
    ['99', 'server_error', true],
    ['77', 'bad_response', false],
  ] as const)('reads answer code %s as %s (retryable: %s), keeping the code', async (code, reason, retryable) => {
    const { gateway } = await referenceGateway((_req, res) => json(res, 200, { code, message: 'so 84912345678 khong hop le' }));
    const error = await failureOf(gateway.send(MESSAGE));
    expect(error).toMatchObject({ reason, retryable, providerCode: code });
    expect(error.message).not.toContain('84912345678');
  });

  it('refuses an accepted answer without a message id, and a body it cannot read', async () => {
    const { gateway } = await referenceGateway((_req, res) => json(res, 200, { code: '00' }));
    expect(await failureOf(gateway.send(MESSAGE))).toMatchObject({ reason: 'bad_response', providerCode: '00' });
    await server?.close();
    const other = await referenceGateway((_req, res) => json(res, 200, ['x']));
    expect(await failureOf(other.gateway.send(MESSAGE))).toMatchObject({ reason: 'bad_response' });
  });

  it('refuses a bad brandname in the options', () => {
    expect(() => vnBrandnameGateway({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', brandname: 'A BRANDNAME TOO LONG' })).toThrow(/brandname/);
  });
});

describe('reading the brandname gateway’s callbacks (after the URL secret check)', () => {
  const RECEIVED_AT = '2026-03-02T03:00:00.000Z';
  const gateway = vnBrandnameGateway({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', brandname: 'UBND-HADONG' });

  it('reads a delivery report from the query of a GET: our request id, theirs, the mapped code', () => {
    const query = new URLSearchParams('requestId=SVY-1&messageId=BN1&status=2&phone=84912345678');
    expect(gateway.readCallback('status', { query }, RECEIVED_AT)).toEqual({
      kind: 'status',
      gateway: 'vn-brandname',
      providerMessageId: 'BN1',
      messageId: 'SVY-1',
      status: 'delivered',
      rawStatus: '2',
      reportId: 'BN1:2',
      receivedAt: RECEIVED_AT,
    });
  });

  it('keeps an unknown code unapplied, with the error code given', () => {
    const query = new URLSearchParams('requestId=SVY-1&messageId=BN1&status=42&errorCode=E7');
    expect(gateway.readCallback('status', { query }, RECEIVED_AT)).toMatchObject({ status: null, rawStatus: '42', errorCode: 'E7' });
  });

  it('reads a reply from a GET query or a POSTed form, the number as E.164', () => {
    const expected = { kind: 'inbound', gateway: 'vn-brandname', providerMessageId: 'MO-77', from: '+84912345678', text: 'rat hai long', receivedAt: RECEIVED_AT };
    expect(gateway.readCallback('inbound', { query: new URLSearchParams('id=MO-77&phone=84912345678&message=rat+hai+long') }, RECEIVED_AT)).toEqual(expected);
    expect(gateway.readCallback('inbound', { query: new URLSearchParams(), form: new URLSearchParams('id=MO-77&phone=0912345678&message=rat%20hai%20long') }, RECEIVED_AT)).toEqual(expected);
  });

  it('refuses a callback it cannot read with VALIDATION_FAILED naming the fields, never the values', () => {
    let error: { code?: string; details?: { path: string }[] } = {};
    try {
      gateway.readCallback('inbound', { query: new URLSearchParams('id=MO 77&phone=12345&message=x') }, RECEIVED_AT);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.path).sort()).toEqual(['id', 'phone']);
    expect(JSON.stringify(error.details)).not.toContain('12345');
  });
});
