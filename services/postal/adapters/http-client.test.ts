import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakePartner, type FakePartnerServer, type PartnerHandler } from './partner-test-kit.ts';
import { createHttpClient, type HttpClientOptions } from './http-client.ts';
import { PartnerError } from './partner.ts';

let server: FakePartnerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client of a fake partner, its waits recorded instead of slept (the jitter pinned at 0.5). */
async function clientOf(handler: PartnerHandler, options: Partial<HttpClientOptions> = {}) {
  server = await startFakePartner(handler);
  const waits: number[] = [];
  const client = createHttpClient({
    baseUrl: `${server.baseUrl}/v1`,
    partner: 'test-partner',
    timeoutMs: 500,
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    headers: { authorization: 'Bearer k' },
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    ...options,
  });
  return { client, waits, server };
}

async function failureOf(promise: Promise<unknown>): Promise<PartnerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PartnerError);
  return error as PartnerError;
}

describe('the partners’ HTTP client, against a real HTTP server', () => {
  it('sends JSON with the configured headers and the query, and reads JSON back', async () => {
    const { client, server } = await clientOf((_req, res) => json(res, 201, { ok: true }));
    const response = await client.request({ method: 'POST', path: '/things', query: { since: 'c 1', skip: undefined }, body: { a: 1 } });
    expect(response).toEqual({ status: 201, body: { ok: true } });
    const [received] = server.requests;
    expect(received?.url.pathname).toBe('/v1/things');
    expect(received?.url.search).toBe('?since=c+1');
    expect(received?.headers['authorization']).toBe('Bearer k');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.body).toEqual({ a: 1 });
  });

  it('answers an empty body (204) as undefined', async () => {
    const { client } = await clientOf((_req, res) => json(res, 204));
    expect(await client.request({ method: 'DELETE', path: '/x' })).toEqual({ status: 204, body: undefined });
  });

  it('retries a 503 and succeeds on the 200 that follows, after a jittered wait', async () => {
    let calls = 0;
    const { client, waits, server } = await clientOf((_req, res) => (++calls === 1 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: 1 })));
    expect(await client.request({ method: 'GET', path: '/x' })).toEqual({ status: 200, body: { ok: 1 } });
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([50]); // 0.5 × min(1000, 100 × 2⁰)
  });

  it('gives up on a partner that keeps answering 503 after maxAttempts, retryable, the waits growing exponentially under full jitter', async () => {
    const { client, waits, server } = await clientOf((_req, res) => json(res, 503), { maxAttempts: 4 });
    const error = await failureOf(client.request({ method: 'GET', path: '/x' }));
    expect(error).toMatchObject({ partner: 'test-partner', reason: 'server_error', retryable: true, status: 503, attempts: 4 });
    expect(server.requests).toHaveLength(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  it('caps each wait at maxDelayMs, and draws it anywhere from 0 (full jitter)', async () => {
    const draws = [0.999, 0];
    const { client, waits } = await clientOf((_req, res) => json(res, 500), { maxAttempts: 3, baseDelayMs: 800, maxDelayMs: 1_000, random: () => draws.shift()! });
    await failureOf(client.request({ method: 'GET', path: '/x' }));
    expect(waits[0]).toBeCloseTo(799.2);
    expect(waits[1]).toBe(0);
  });

  it('heeds a Retry-After of a 429 within the cap', async () => {
    let calls = 0;
    const { client, waits } = await clientOf((_req, res) => (++calls === 1 ? json(res, 429, undefined, { 'retry-after': '1' }) : json(res, 200, {})), { maxDelayMs: 700 });
    await client.request({ method: 'GET', path: '/x' });
    expect(waits).toEqual([700]);
  });

  it('does not retry a 400, and says so without repeating the body (which may hold personal data)', async () => {
    const { client, waits, server } = await clientOf((_req, res) => json(res, 400, { error: 'bad phone 0912345678 of Nguyễn Văn A' }));
    const error = await failureOf(client.request({ method: 'POST', path: '/shipments', body: { phone: '0912345678' } }));
    expect(error).toMatchObject({ reason: 'rejected', retryable: false, status: 400, attempts: 1 });
    expect(error.message).toBe('postal partner test-partner: POST /shipments answered 400');
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [422, 'rejected'],
  ] as const)('does not retry a %i (%s)', async (status, reason) => {
    const { client, server } = await clientOf((_req, res) => json(res, status));
    expect(await failureOf(client.request({ method: 'GET', path: '/x' }))).toMatchObject({ reason, retryable: false, status });
    expect(server.requests).toHaveLength(1);
  });

  it('times out on a partner slower than timeoutMs: retryable, retried', async () => {
    const { client, server } = await clientOf(() => {
      /* never answers */
    }, { timeoutMs: 100, maxAttempts: 2 });
    const error = await failureOf(client.request({ method: 'POST', path: '/shipments', body: {} }));
    expect(error).toMatchObject({ reason: 'timeout', retryable: true, attempts: 2 });
    expect(error.message).toContain('within 100 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('times out on a body that stops halfway, too', async () => {
    const { client } = await clientOf((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"trackingNumber":');
    }, { timeoutMs: 100, maxAttempts: 1 });
    expect(await failureOf(client.request({ method: 'GET', path: '/x' }))).toMatchObject({ reason: 'timeout', retryable: true, status: 200 });
  });

  it('calls a refused connection a retryable network failure', async () => {
    const { client, server } = await clientOf((_req, res) => json(res, 200, {}), { maxAttempts: 2 });
    await server.close();
    expect(await failureOf(client.request({ method: 'GET', path: '/x' }))).toMatchObject({ reason: 'network', retryable: true, attempts: 2 });
  });

  it('refuses a 2xx that is not JSON, without retrying', async () => {
    const { client, server } = await clientOf((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    expect(await failureOf(client.request({ method: 'GET', path: '/x' }))).toMatchObject({ reason: 'bad_response', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses options that cannot work', () => {
    const base = { baseUrl: 'http://127.0.0.1:1', partner: 'p', timeoutMs: 100, maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
    expect(() => createHttpClient({ ...base, maxAttempts: 0 })).toThrow(RangeError);
    expect(() => createHttpClient({ ...base, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createHttpClient({ ...base, baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
