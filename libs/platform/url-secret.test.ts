import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler, json, type HttpEvent, type HttpResult } from './http.ts';
import { verifiedUrlSecretGatewayOf, verifyUrlSecret, type UrlSecretOptions } from './url-secret.ts';

const SECRET = 'Yk3x9Qv0Lr7TzW2bN5cM8dF1gH4jK6pS0uV3wX7yZ1a';
const OLD = 'oLdSeCrEt0000000000000000000000000000000000';
const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function endpoint(options: Partial<UrlSecretOptions> = {}) {
  let reached = 0;
  const handler = httpHandler(async (event) => (reached++, json(200, { gateway: verifiedUrlSecretGatewayOf(event) }))).use(verifyUrlSecret({ secrets: { 'vn-brandname': [SECRET, OLD] }, ...options }));
  const call = async (gateway: string, secret: string | undefined) => {
    const event = { rawPath: '/x', rawQueryString: 'requestId=1&status=2', headers: {}, pathParameters: { gateway, ...(secret === undefined ? {} : { secret }) }, requestContext: {} } as unknown as HttpEvent;
    const response = (await handler(event, context)) as HttpResult;
    return { status: response.statusCode, body: JSON.parse(response.body as string) };
  };
  return { call, reached: () => reached };
}

const refusedFor = (check: string) => ({ status: 401, body: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID', details: { check } }) });

describe('verifyUrlSecret', () => {
  it('lets through a request with a current secret of its gateway, the old one too while rotating', async () => {
    const { call } = endpoint();
    expect(await call('vn-brandname', SECRET)).toEqual({ status: 200, body: { gateway: 'vn-brandname' } });
    expect((await call('vn-brandname', OLD)).status).toBe(200);
  });

  it.each([
    ['a wrong secret', 'Yk3x9Qv0Lr7TzW2bN5cM8dF1gH4jK6pS0uV3wX7yZ1b'],
    ['a prefix of the secret', SECRET.slice(0, 32)],
    ['the secret and more', `${SECRET}x`],
    ['an empty secret', ''],
    ['no secret at all', undefined],
  ])('refuses %s without reaching the handler', async (_, secret) => {
    const { call, reached } = endpoint();
    expect(await call('vn-brandname', secret)).toMatchObject(refusedFor('no_secret_matched'));
    expect(reached()).toBe(0);
  });

  it('refuses a gateway with no secrets, inherited property names included, and another gateway’s secret', async () => {
    const { call } = endpoint({ secrets: { 'vn-brandname': [SECRET], other: [OLD] } });
    expect(await call('twilio', SECRET)).toMatchObject(refusedFor('unknown_gateway'));
    expect(await call('constructor', SECRET)).toMatchObject(refusedFor('unknown_gateway'));
    expect(await call('vn-brandname', OLD)).toMatchObject(refusedFor('no_secret_matched'));
  });

  it('never echoes the secret', async () => {
    const answer = await endpoint().call('vn-brandname', 'a-guess-at-the-secret-00000000000000');
    expect(JSON.stringify(answer)).not.toContain('a-guess');
  });

  it('asks a lookup by gateway, and refuses a malformed secret it answers as our fault (500)', async () => {
    expect((await endpoint({ secrets: async (gateway) => (gateway === 'vn-brandname' ? [SECRET] : []) }).call('vn-brandname', SECRET)).status).toBe(200);
    expect((await endpoint({ secrets: async () => ['short'] }).call('vn-brandname', 'short')).status).toBe(500);
  });

  it('refuses options that cannot work', () => {
    expect(() => verifyUrlSecret({ secrets: { 'vn-brandname': [] } })).toThrow(/at least one secret/);
    expect(() => verifyUrlSecret({ secrets: { 'vn-brandname': ['too-short'] } })).toThrow(/32 to 128/);
  });
});
