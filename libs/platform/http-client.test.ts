import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';
import { createHttpClient, DEFAULT_HTTP, type HttpFailure } from './http-client.ts';

// The retries, timeouts and failure reasons are tested through postal's client
// (services/postal/adapters/http-client.test.ts); here, what only the platform's options say.

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

class TestError extends Error {
  readonly failure: HttpFailure;
  constructor(failure: HttpFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

describe('the platform HTTP client', () => {
  it('sends a form as application/x-www-form-urlencoded, leaving out undefined fields', async () => {
    server = await startFakeHttpServer((_req, res) => json(res, 201, { sid: 'SM1' }));
    const client = createHttpClient({ ...DEFAULT_HTTP, baseUrl: server.baseUrl, failure: (f) => new TestError(f) });
    expect(await client.request({ method: 'POST', path: '/Messages.json', form: { To: '+84912345678', Body: 'Xin chào & cảm ơn', From: undefined } })).toEqual({ status: 201, body: { sid: 'SM1' } });
    const [received] = server.requests;
    expect(received?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received?.rawBody).toBe('To=%2B84912345678&Body=Xin+ch%C3%A0o+%26+c%E1%BA%A3m+%C6%A1n');
    expect(received?.body).toEqual({ To: '+84912345678', Body: 'Xin chào & cảm ơn' });
  });

  it('throws the caller’s error, made from the failure, once the attempts are spent', async () => {
    server = await startFakeHttpServer((_req, res) => json(res, 503));
    const client = createHttpClient({ ...DEFAULT_HTTP, maxAttempts: 2, baseUrl: server.baseUrl, failure: (f) => new TestError(f), sleep: async () => {} });
    const error = await client.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestError);
    expect((error as TestError).failure).toEqual({ reason: 'server_error', status: 503, attempts: 2, message: 'GET /x answered 503 (after 2 attempts)' });
  });

  it('gives the refusal’s JSON body to the failure (not to its message), and retries only what retryWithin allows', async () => {
    server = await startFakeHttpServer((_req, res) => json(res, 503, { code: 20503, message: 'busy for +84912345678' }));
    const client = createHttpClient({ ...DEFAULT_HTTP, maxAttempts: 3, baseUrl: server.baseUrl, failure: (f) => new TestError(f), retryWithin: (reason) => reason === 'rate_limited' });
    const error = (await client.request({ method: 'POST', path: '/x', form: {} }).catch((e: unknown) => e)) as TestError;
    expect(error.failure).toMatchObject({ reason: 'server_error', attempts: 1, errorBody: { code: 20503 } });
    expect(error.message).not.toContain('+84');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a request with both a JSON body and a form', async () => {
    const client = createHttpClient({ ...DEFAULT_HTTP, baseUrl: 'http://127.0.0.1:1', failure: (f) => new TestError(f) });
    await expect(client.request({ method: 'POST', path: '/x', body: {}, form: {} })).rejects.toThrow(TypeError);
  });
});
