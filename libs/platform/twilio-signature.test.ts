import type { Context } from 'aws-lambda';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { httpHandler, json, type HttpEvent, type HttpResult } from './http.ts';
import { emptyTwiml, publicUrlOf, twilioSignature, verifiedTwilioRequestOf, verifyTwilioSignature, type TwilioSignatureOptions } from './twilio-signature.ts';

// Signatures here are made by Twilio's own helper library (the `twilio` package), so what passes
// is what Twilio's algorithm signs, not what ours happens to compute.

const TOKEN = '12345678901234567890123456789012';
const OLD_TOKEN = 'abcdefabcdefabcdefabcdefabcdef00';
const BASE = 'https://sms.motcua.example.gov.vn';
const PATH = '/surveys/sms/twilio/inbound';

/** A reply as Twilio posts it: form fields, a Vietnamese body with diacritics, empty values. */
const REPLY: Record<string, string> = {
  ToCountry: 'VN',
  SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
  NumMedia: '0',
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+84912345678',
  To: '+84899999999',
  Body: 'Rất hài lòng, cảm ơn! 1+1=2 & 100%',
  FromCity: '',
  ApiVersion: '2010-04-01',
};

const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function endpoint(options: Partial<TwilioSignatureOptions> = {}) {
  let reached = 0;
  const handler = httpHandler(async (event) => {
    reached++;
    const verified = verifiedTwilioRequestOf(event);
    return json(200, { gateway: verified.gateway, form: Object.fromEntries(verified.form), query: Object.fromEntries(verified.query) });
  }).use(verifyTwilioSignature({ authTokens: [TOKEN], publicUrl: publicUrlOf(BASE), ...options }));
  const call = async (event: HttpEvent) => {
    const response = (await handler(event, context)) as HttpResult;
    return { status: response.statusCode, body: JSON.parse(response.body as string) };
  };
  return { call, reached: () => reached };
}

interface Callback {
  fields?: Record<string, string> | [string, string][];
  path?: string;
  query?: string;
  signature?: string | null;
  headers?: Record<string, string>;
  base64?: boolean;
}

/** The request as API Gateway hands it over; signed by the caller (the test decides with what). */
function callback({ fields = REPLY, path = PATH, query = '', signature, headers = {}, base64 = false }: Callback): HttpEvent {
  const body = new URLSearchParams(fields).toString();
  return {
    rawPath: path,
    rawQueryString: query,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null || signature === undefined ? {} : { 'x-twilio-signature': signature }), ...headers },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    pathParameters: { gateway: 'twilio' },
    requestContext: {},
  } as unknown as HttpEvent;
}

const twilioSigned = (url: string, params: Record<string, string | string[]> = REPLY, token = TOKEN) => getExpectedTwilioSignature(token, url, params);

const refusedFor = (check: string) => ({ status: 401, body: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID', details: expect.objectContaining({ check }) }) });

describe('verifyTwilioSignature, against signatures made by Twilio’s helper library', () => {
  it('lets a reply signed by Twilio through, with the form it verified', async () => {
    const { call } = endpoint();
    const answer = await call(callback({ signature: twilioSigned(`${BASE}${PATH}`) }));
    expect(answer).toEqual({ status: 200, body: { gateway: 'twilio', form: REPLY, query: {} } });
  });

  it('our signing and Twilio’s validateRequest agree both ways, repeated names and empty values included', () => {
    const url = `${BASE}${PATH}?messageId=msg-1&x=a%20b`;
    const params = new URLSearchParams([...Object.entries(REPLY), ['MediaUrl', 'b'], ['MediaUrl', 'a'], ['Empty', '']]);
    const ours = twilioSignature(TOKEN, url, params);
    expect(validateRequest(TOKEN, ours, url, { ...REPLY, MediaUrl: ['b', 'a'], Empty: '' })).toBe(true);
    expect(ours).toBe(twilioSigned(url, { ...REPLY, MediaUrl: ['a', 'b'], Empty: '' }));
  });

  it('verifies the status callback URL with its query string, as signed', async () => {
    const { call } = endpoint();
    const status = { MessageSid: REPLY.MessageSid!, MessageStatus: 'delivered', AccountSid: REPLY.AccountSid! };
    const query = 'messageId=SVY-H38.23-260302-0001-1';
    const answer = await call(callback({ fields: status, path: '/surveys/sms/twilio/status', query, signature: twilioSigned(`${BASE}/surveys/sms/twilio/status?${query}`, status) }));
    expect(answer.status).toBe(200);
    expect(answer.body.query).toEqual({ messageId: 'SVY-H38.23-260302-0001-1' });
  });

  it('accepts the URL signed with the default port or without it, as Twilio’s helpers do, and a non-default port as configured', async () => {
    expect((await endpoint().call(callback({ signature: twilioSigned(`https://sms.motcua.example.gov.vn:443${PATH}`) }))).status).toBe(200);
    const withPort = endpoint({ publicUrl: publicUrlOf('https://sms.motcua.example.gov.vn:8443') });
    expect((await withPort.call(callback({ signature: twilioSigned(`https://sms.motcua.example.gov.vn:8443${PATH}`) }))).status).toBe(200);
    expect(await withPort.call(callback({ signature: twilioSigned(`https://sms.motcua.example.gov.vn:9443${PATH}`) }))).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('accepts either token while rotating', async () => {
    const { call } = endpoint({ authTokens: [TOKEN, OLD_TOKEN] });
    expect((await call(callback({ signature: twilioSigned(`${BASE}${PATH}`, REPLY, OLD_TOKEN) }))).status).toBe(200);
    expect((await call(callback({ signature: twilioSigned(`${BASE}${PATH}`) }))).status).toBe(200);
  });

  it('reads a base64 body as API Gateway may hand it over', async () => {
    expect((await endpoint().call(callback({ signature: twilioSigned(`${BASE}${PATH}`), base64: true }))).status).toBe(200);
  });

  it.each([
    ['another scheme', `http://sms.motcua.example.gov.vn${PATH}`],
    ['another host', `https://attacker.example${PATH}`],
    ['another path', `${BASE}/surveys/sms/twilio/status`],
    ['a query string the request does not have', `${BASE}${PATH}?messageId=1`],
    ['a trailing slash', `${BASE}${PATH}/`],
  ])('refuses a signature over a wrong URL (%s), without reaching the handler', async (_, url) => {
    const { call, reached } = endpoint();
    expect(await call(callback({ signature: twilioSigned(url) }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(reached()).toBe(0);
  });

  it('refuses a parameter missing, added or changed after signing, and a wrong token', async () => {
    const { call, reached } = endpoint();
    const signature = twilioSigned(`${BASE}${PATH}`);
    const { FromCity: _dropped, ...missing } = REPLY;
    expect(await call(callback({ fields: missing, signature }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await call(callback({ fields: { ...REPLY, Extra: 'x' }, signature }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await call(callback({ fields: { ...REPLY, Body: '3' }, signature }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await call(callback({ fields: [...Object.entries(REPLY), ['Body', '3']], signature }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(await call(callback({ signature: twilioSigned(`${BASE}${PATH}`, REPLY, OLD_TOKEN) }))).toMatchObject(refusedFor('no_signature_matched'));
    expect(reached()).toBe(0);
  });

  it('takes the URL from configuration, never from Host or X-Forwarded-* headers', async () => {
    const forged = `https://attacker.example${PATH}`;
    const answer = await endpoint().call(callback({ signature: twilioSigned(forged, REPLY, TOKEN), headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' } }));
    expect(answer).toMatchObject(refusedFor('no_signature_matched'));
  });

  it('refuses a missing or malformed header, and a SharedKey signature', async () => {
    const { call } = endpoint();
    expect(await call(callback({ signature: null }))).toMatchObject(refusedFor('missing_header'));
    expect(await call(callback({ signature: 'not-a-signature' }))).toMatchObject(refusedFor('malformed_header'));
    const signature = twilioSigned(`${BASE}${PATH}`);
    expect(await call(callback({ signature, headers: { 'x-twilio-webhooks-signature-settings': 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256' } }))).toMatchObject(refusedFor('shared_key_signature'));
  });

  it('looks tokens up by the {gateway} path parameter; none is an unknown gateway', async () => {
    const asked: string[] = [];
    const { call } = endpoint({ authTokens: async (gateway) => (asked.push(gateway), gateway === 'twilio' ? [TOKEN] : []) });
    expect((await call(callback({ signature: twilioSigned(`${BASE}${PATH}`) }))).status).toBe(200);
    const other = { ...callback({ signature: twilioSigned(`${BASE}${PATH}`) }), pathParameters: { gateway: 'nobody' } } as HttpEvent;
    expect(await call(other)).toMatchObject(refusedFor('unknown_gateway'));
    expect(asked).toEqual(['twilio', 'nobody']);
  });

  it('answers 415 to a verified request whose body is not declared as a form', async () => {
    const answer = await endpoint().call(callback({ signature: twilioSigned(`${BASE}${PATH}`), headers: { 'content-type': 'application/json' } }));
    expect(answer).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('never echoes the body, the URL or a token in a refusal', async () => {
    const answer = await endpoint().call(callback({ signature: twilioSigned(`${BASE}${PATH}`, REPLY, OLD_TOKEN) }));
    const text = JSON.stringify(answer.body);
    for (const secret of [TOKEN, OLD_TOKEN, '+84912345678', 'hài lòng', BASE]) expect(text).not.toContain(secret);
  });

  it('refuses options that cannot work', () => {
    expect(() => verifyTwilioSignature({ authTokens: [], publicUrl: publicUrlOf(BASE) })).toThrow(/at least one auth token/);
    expect(() => verifyTwilioSignature({ authTokens: ['short'], publicUrl: publicUrlOf(BASE) })).toThrow(/16 characters/);
    expect(() => verifyTwilioSignature({ authTokens: [TOKEN], publicUrl: 'https://x' as never })).toThrow(/publicUrl/);
    expect(() => publicUrlOf('sms.example.gov.vn')).toThrow();
    expect(() => publicUrlOf('https://sms.example.gov.vn/?a=1')).toThrow();
  });

  it('emptyTwiml is the empty TwiML document Twilio expects', () => {
    expect(emptyTwiml()).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
  });
});
