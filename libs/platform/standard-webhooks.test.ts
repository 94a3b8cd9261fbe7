import type { Context } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { httpHandler, json, type HttpEvent, type HttpResult } from './http.ts';
import { sign, verifiedWebhookOf, verifyStandardWebhook, WEBHOOK_HEADERS, type StandardWebhookOptions } from './standard-webhooks.ts';

const secretOf = (key: string) => `whsec_${Buffer.from(key).toString('base64')}`;
const OLD = secretOf('vnpost-key-of-last-year-0000000');
const NEW = secretOf('vnpost-key-of-this-year-1111111');
const OTHER_PARTNER = secretOf('ems-key-nobody-at-vnpost-knows-');

const NOW = new Date('2026-03-02T03:00:00Z');
const T = NOW.getTime() / 1000;
const BODY = JSON.stringify({
  type: 'shipment.updated',
  timestamp: '2026-03-02T03:00:00Z',
  data: { shipmentId: 'shp-0001', dossierCode: 'H38.23-260302-0001', status: 'delivered', occurredAt: '2026-03-02T09:41:07+07:00', location: 'Bưu cục Hà Đông' },
});

const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

/** The stack a webhook route will have: our HTTP handler, the verification, a handler that echoes what it was given. */
function endpoint(options: Partial<StandardWebhookOptions> = {}) {
  const handler = httpHandler(async (event) => json(202, { verified: verifiedWebhookOf(event), body: event.body })).use(
    verifyStandardWebhook({ secrets: { vnpost: [NEW], ems: [OTHER_PARTNER] }, now: () => NOW, ...options }),
  );
  return async (event: HttpEvent) => {
    const response = (await handler(event, context)) as HttpResult;
    return { status: response.statusCode, body: JSON.parse(response.body as string), raw: response.body as string };
  };
}

interface Delivery {
  partner?: string;
  id?: string;
  timestamp?: number | string;
  body?: string | Buffer;
  signature?: string;
  secret?: string;
  base64?: boolean;
  omit?: string;
}

/** A partner's POST as API Gateway hands it over, signed with `secret` unless a signature is given. */
function delivery({ partner = 'vnpost', id = 'msg_2Yf3ZkQ8nR5t', timestamp = T, body = BODY, secret = NEW, signature, base64 = false, omit }: Delivery = {}): HttpEvent {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature ?? sign(secret, id, Number(timestamp), body),
  };
  if (omit) delete headers[omit];
  return {
    headers,
    body: base64 ? Buffer.from(body).toString('base64') : body.toString(),
    isBase64Encoded: base64,
    pathParameters: { partner },
    requestContext: {},
  } as unknown as HttpEvent;
}

const refusedFor = (check: string, more: object = {}) => ({
  status: 401,
  body: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID', details: { check, ...more } }),
});

describe('verifyStandardWebhook', () => {
  it('lets a correctly signed update through, untouched, and tells the handler who sent which message', async () => {
    const answer = await endpoint()(delivery());
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ verified: { partner: 'vnpost', id: 'msg_2Yf3ZkQ8nR5t', timestamp: T }, body: BODY });
  });

  it('refuses a signature made with another secret, another partner’s included', async () => {
    expect(await endpoint()(delivery({ secret: secretOf('a-guess-at-vnpost-key-00000000') }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await endpoint()(delivery({ secret: OTHER_PARTNER }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('refuses a body changed by one byte after signing', async () => {
    const signature = sign(NEW, 'msg_2Yf3ZkQ8nR5t', T, BODY);
    const tampered = BODY.replace('"delivered"', '"delivereD"');
    expect(tampered).not.toBe(BODY);
    expect(await endpoint()(delivery({ body: tampered, signature }))).toMatchObject(refusedFor('no_signature_matched'));
    // Even a byte that JSON parsers ignore: the signature is over bytes, not over the JSON's meaning.
    expect(await endpoint()(delivery({ body: `${BODY} `, signature }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('refuses a signature moved to another message id or timestamp (both are signed)', async () => {
    const signature = sign(NEW, 'msg_2Yf3ZkQ8nR5t', T, BODY);
    expect(await endpoint()(delivery({ id: 'msg_other', signature }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await endpoint()(delivery({ timestamp: T + 1, signature }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('verifies a base64-encoded body on its decoded bytes, even bytes that are not UTF-8', async () => {
    expect((await endpoint()(delivery({ base64: true }))).status).toBe(202);
    const binary = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect((await endpoint()(delivery({ base64: true, body: binary }))).status).toBe(202);
    // Signed over the base64 text instead of the bytes: refused.
    const asText = Buffer.from(BODY).toString('base64');
    expect(await endpoint()(delivery({ base64: true, signature: sign(NEW, 'msg_2Yf3ZkQ8nR5t', T, asText) }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('takes timestamps up to the tolerance from our clock either way, and refuses beyond it, saying our time', async () => {
    for (const timestamp of [T - 300, T + 300, T]) expect((await endpoint()(delivery({ timestamp }))).status, String(timestamp - T)).toBe(202);
    expect(await endpoint()(delivery({ timestamp: T - 301 }))).toMatchObject(refusedFor('timestamp_too_old', { toleranceSeconds: 300, serverTime: T }));
    expect(await endpoint()(delivery({ timestamp: T + 301 }))).toMatchObject(refusedFor('timestamp_too_new', { toleranceSeconds: 300, serverTime: T }));
    expect(await endpoint()(delivery({ timestamp: T - 86_400 }))).toMatchObject(refusedFor('timestamp_too_old', { toleranceSeconds: 300, serverTime: T }));
  });

  it('uses the tolerance it is given', async () => {
    const strict = endpoint({ toleranceSeconds: 30 });
    expect((await strict(delivery({ timestamp: T - 30 }))).status).toBe(202);
    expect(await strict(delivery({ timestamp: T - 31 }))).toMatchObject(refusedFor('timestamp_too_old', { toleranceSeconds: 30, serverTime: T }));
  });

  it.each(WEBHOOK_HEADERS)('refuses a request without %s, or with it empty', async (header) => {
    expect(await endpoint()(delivery({ omit: header }))).toMatchObject(refusedFor('missing_header', { header }));
    const empty = delivery();
    empty.headers[header] = '';
    expect(await endpoint()(empty)).toMatchObject(refusedFor('missing_header', { header }));
  });

  const good = sign(NEW, 'msg_2Yf3ZkQ8nR5t', T, BODY);
  it.each([
    ['no comma', 'v1'],
    ['no value', 'v1,'],
    ['a value that is not base64', 'v1,not*base64!'],
    ['a truncated signature', `v1,${Buffer.alloc(16).toString('base64')}`],
    ['another scheme’s format', `sha256=${'0'.repeat(64)}`],
    ['two headers joined by a comma', `${good},${good}`],
    ['only versions we do not check', `v1a,${Buffer.alloc(64).toString('base64')} v2,${Buffer.alloc(32).toString('base64')}`],
  ])('refuses a webhook-signature with %s', async (_, signature) => {
    expect(await endpoint()(delivery({ signature }))).toMatchObject(refusedFor('malformed_header', { header: 'webhook-signature' }));
  });

  it.each([
    ['webhook-timestamp', 'in milliseconds written as a float', { timestamp: `${T}.5` }],
    ['webhook-timestamp', 'negative', { timestamp: '-1' }],
    ['webhook-timestamp', 'in exponent form', { timestamp: '1.7724204e9' }],
    ['webhook-timestamp', 'an ISO date', { timestamp: NOW.toISOString() }],
    ['webhook-id', 'with a space', { id: 'msg 1' }],
    ['webhook-id', 'longer than 256 characters', { id: 'm'.repeat(257) }],
  ])('refuses a %s %s', async (header, _, given) => {
    expect(await endpoint()(delivery({ ...given, signature: good }))).toMatchObject(refusedFor('malformed_header', { header }));
  });

  it('refuses a body over 64 KB with 413 before computing any signature over it, even a correctly signed one', async () => {
    const answer = await endpoint()(delivery({ body: JSON.stringify({ padding: 'x'.repeat(70_000) }) }));
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts any of several signatures in the header, skipping versions it does not check', async () => {
    const wrong = sign(OTHER_PARTNER, 'msg_2Yf3ZkQ8nR5t', T, BODY);
    const ed25519 = `v1a,${Buffer.alloc(64, 7).toString('base64')}`;
    expect((await endpoint()(delivery({ signature: `${wrong} ${good}` }))).status).toBe(202);
    expect((await endpoint()(delivery({ signature: `${ed25519} ${good} ${wrong}` }))).status).toBe(202);
    expect(await endpoint()(delivery({ signature: `${wrong} ${ed25519}` }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('accepts the old and the new secret while rotating, and the old one no more once removed', async () => {
    const rotating = endpoint({ secrets: { vnpost: [OLD, NEW] } });
    expect((await rotating(delivery({ secret: OLD }))).status).toBe(202);
    expect((await rotating(delivery({ secret: NEW }))).status).toBe(202);
    // What a sender does while rotating: both signatures in one header.
    const both = `${sign(OLD, 'msg_2Yf3ZkQ8nR5t', T, BODY)} ${good}`;
    expect((await rotating(delivery({ signature: both }))).status).toBe(202);
    const rotated = endpoint({ secrets: { vnpost: [NEW] } });
    expect(await rotated(delivery({ secret: OLD }))).toMatchObject(refusedFor('no_signature_matched'));
    expect((await rotated(delivery({ signature: both }))).status).toBe(202);
  });

  it.each(['dhl', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('refuses partner %s, which has no secrets, with 401', async (partner) => {
    expect(await endpoint()(delivery({ partner }))).toMatchObject(refusedFor('unknown_partner'));
  });

  it('asks a secrets lookup for the partner in the path, and takes no secrets as an unknown partner', async () => {
    const asked: string[] = [];
    const lookup = endpoint({
      secrets: async (partner) => {
        asked.push(partner);
        return partner === 'vnpost' ? [OLD, NEW] : [];
      },
    });
    expect((await lookup(delivery({ secret: OLD }))).status).toBe(202);
    expect(await lookup(delivery({ partner: 'ems', secret: OTHER_PARTNER }))).toMatchObject(refusedFor('unknown_partner'));
    expect(asked).toEqual(['vnpost', 'ems']);
  });

  it('answers a malformed secret from the lookup as our fault (500, the partner retries), naming no secret', async () => {
    const broken = endpoint({ secrets: async () => ['whsec_short', 'vnpost-key-without-prefix-000000'] });
    const answer = await broken(delivery());
    expect(answer).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
    expect(answer.raw).not.toMatch(/whsec_short|vnpost-key/);
  });

  it('says which check failed, never echoing a secret, a signature or the body', async () => {
    for (const given of [{ secret: OLD }, { timestamp: T - 999 }, { partner: 'dhl' }, { omit: 'webhook-id' }]) {
      const { raw } = await endpoint({ secrets: { vnpost: [NEW] } })(delivery(given));
      for (const secret of [OLD, NEW]) expect(raw).not.toContain(secret.slice('whsec_'.length));
      expect(raw).not.toContain(good.slice(3));
      expect(raw).not.toMatch(/shp-0001|H38\.23|Hà Đông/);
    }
  });

  it('answers 500 on a route without a {partner} parameter (a wiring mistake), and a handler without the middleware cannot read a verified sender', async () => {
    const event = delivery();
    delete (event as { pathParameters?: unknown }).pathParameters;
    expect((await endpoint()(event)).status).toBe(500);
    expect(() => verifiedWebhookOf(delivery())).toThrow(/not behind verifyStandardWebhook/);
  });
});

describe('interoperability with the standardwebhooks npm library', () => {
  it('signs the libraries’ reference vector as they do', () => {
    expect(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('accepts what the library signs', async () => {
    const signature = new Webhook(NEW).sign('msg_2Yf3ZkQ8nR5t', NOW, BODY);
    expect((await endpoint()(delivery({ signature }))).status).toBe(202);
  });

  it('signs what the library verifies', () => {
    // The library reads the real clock: sign with the real time.
    const now = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_2Yf3ZkQ8nR5t', 'webhook-timestamp': String(now), 'webhook-signature': sign(NEW, 'msg_2Yf3ZkQ8nR5t', now, BODY) };
    expect(new Webhook(NEW).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(OLD).verify(BODY, headers)).toThrow(/No matching signature/);
  });
});

describe('the options, checked when the middleware is built', () => {
  const build = (options: unknown) => () => verifyStandardWebhook(options as StandardWebhookOptions);

  it.each([
    ['a secret without the whsec_ prefix', { secrets: { vnpost: [NEW.slice('whsec_'.length)] } }, /secrets\.vnpost\.0: must be whsec_ followed by base64/],
    ['a secret that is not base64', { secrets: { vnpost: ['whsec_not base64!'] } }, /must be whsec_ followed by base64/],
    ['a secret of fewer than 24 bytes', { secrets: { vnpost: [secretOf('sixteen-byte-key')] } }, /must encode 24 to 64 bytes/],
    ['a partner with no secret', { secrets: { vnpost: [] } }, /at least one secret/],
    ['no secrets at all', {}, /secrets/],
    ['a tolerance of 0', { secrets: {}, toleranceSeconds: 0 }, /toleranceSeconds/],
    ['a negative tolerance', { secrets: {}, toleranceSeconds: -300 }, /toleranceSeconds/],
    ['a tolerance in fractions of a second', { secrets: {}, toleranceSeconds: 0.5 }, /toleranceSeconds/],
    ['a clock that is not a function', { secrets: {}, now: NOW }, /now: must be a function/],
    ['a misspelt option', { secrets: {}, tolerance: 60 }, /tolerance/],
  ])('refuses %s', (_, options, message) => {
    expect(build(options)).toThrow(message);
  });

  it('never repeats a refused secret in its message', () => {
    const leaked = 'whsec_c3VwZXItc2VjcmV0';
    let message = '';
    try {
      build({ secrets: { vnpost: [leaked] } })();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must encode/);
    expect(message).not.toContain('c3VwZXItc2VjcmV0');
  });

  it('builds with a map or a lookup, the default tolerance being 5 minutes', async () => {
    expect(build({ secrets: { vnpost: [OLD, NEW] } })).not.toThrow();
    expect(build({ secrets: async () => [NEW] })).not.toThrow();
    const defaults = endpoint({ toleranceSeconds: undefined });
    expect((await defaults(delivery({ timestamp: T - 300 }))).status).toBe(202);
    expect((await defaults(delivery({ timestamp: T - 301 }))).status).toBe(401);
  });
});
