import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeHttpServer, type FakeHandler, type FakeHttpServer } from '../../../libs/platform/fake-http-server.ts';
import { GatewayError } from './gateway.ts';
import { twilioGateway, type TwilioGatewayOptions } from './twilio-gateway.ts';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-for-tests-0000';
const SID = 'SM0123456789abcdef0123456789abcdef';
const MESSAGE = { messageId: 'SVY-H38.23-260302-0001-1', to: '0912345678', text: 'UBND phuong Ha Dong: ho so H38.23-260302-0001. Tra loi 1 rat hai long, 2 hai long, 3 khong hai long. Huy: TC' };

/** Twilio's Messages API as far as we use it: Basic auth, a form, 201 with the message. */
async function fakeTwilio(handler?: FakeHandler, options: Partial<TwilioGatewayOptions> = {}) {
  server = await startFakeHttpServer(
    handler ??
      ((req, res) => {
        if (req.headers['authorization'] !== `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`) return json(res, 401, { code: 20003, message: 'Authenticate' });
        if (req.method === 'POST' && req.url.pathname === `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`) return json(res, 201, { sid: SID, status: 'queued', to: (req.body as { To: string }).To });
        return json(res, 404, { code: 20404 });
      }),
  );
  const gateway = twilioGateway({
    baseUrl: server.baseUrl,
    accountSid: ACCOUNT,
    authToken: TOKEN,
    sender: { messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' },
    statusCallbackUrl: 'https://sms.motcua.example.gov.vn/surveys/sms/twilio/status',
    http: { timeoutMs: 300, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  return { gateway, server };
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
};

describe('the Twilio gateway, against a local server playing Twilio', () => {
  it('sends a form to the Messages resource with Basic auth, the number in E.164 and our message id in the status callback', async () => {
    const { gateway, server } = await fakeTwilio();
    expect(await gateway.send(MESSAGE)).toEqual({ providerMessageId: SID, status: 'queued', rawStatus: 'queued' });
    const [request] = server.requests;
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({
      To: '+84912345678',
      MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      Body: MESSAGE.text,
      StatusCallback: 'https://sms.motcua.example.gov.vn/surveys/sms/twilio/status?messageId=SVY-H38.23-260302-0001-1',
    });
    expect(gateway.deduplicatesSends).toBe(false);
  });

  it('sends From instead of a Messaging Service when so configured', async () => {
    const { gateway, server } = await fakeTwilio(undefined, { sender: { from: '+15005550006' } });
    await gateway.send(MESSAGE);
    expect(server.requests[0]?.body).toMatchObject({ From: '+15005550006' });
    expect(server.requests[0]?.body).not.toHaveProperty('MessagingServiceSid');
  });

  it('refuses a number no gateway takes before calling Twilio', async () => {
    const { gateway, server } = await fakeTwilio();
    expect(await failureOf(gateway.send({ ...MESSAGE, to: '02838123456' }))).toMatchObject({ reason: 'rejected', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('keeps Twilio’s error code from a refusal, not its message (which repeats the number)', async () => {
    const { gateway } = await fakeTwilio((_req, res) => json(res, 400, { code: 21211, message: "The 'To' number +84912345678 is not a valid phone number.", status: 400 }));
    const error = await failureOf(gateway.send(MESSAGE));
    expect(error).toMatchObject({ reason: 'rejected', retryable: false, outcomeUnknown: false, providerCode: '21211', status: 400 });
    expect(error.message).toBe(`SMS gateway twilio: POST /2010-04-01/Accounts/${ACCOUNT}/Messages.json answered 400 (code 21211)`);
  });

  it('calls wrong credentials unauthorized, not retryable', async () => {
    const { gateway } = await fakeTwilio(undefined, { authToken: 'another-token-entirely-000000000' });
    expect(await failureOf(gateway.send(MESSAGE))).toMatchObject({ reason: 'unauthorized', retryable: false, providerCode: '20003' });
  });

  it('retries a 429 by itself (Twilio created nothing), and succeeds', async () => {
    let calls = 0;
    const { gateway, server } = await fakeTwilio((_req, res) => (++calls === 1 ? json(res, 429, { code: 20429 }) : json(res, 201, { sid: SID, status: 'accepted' })));
    expect(await gateway.send(MESSAGE)).toEqual({ providerMessageId: SID, status: 'queued', rawStatus: 'accepted' });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 5xx or a timeout itself (Twilio may have sent it): the caller gets outcomeUnknown', async () => {
    const { gateway, server } = await fakeTwilio((_req, res) => json(res, 503, { code: 20503 }));
    expect(await failureOf(gateway.send(MESSAGE))).toMatchObject({ reason: 'server_error', retryable: true, outcomeUnknown: true, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await server.close();
    const slow = await fakeTwilio(() => {
      /* never answers */
    });
    expect(await failureOf(slow.gateway.send(MESSAGE))).toMatchObject({ reason: 'timeout', retryable: true, outcomeUnknown: true });
    expect(slow.server.requests).toHaveLength(1);
  });

  it('refuses a 2xx without a message sid as a bad response', async () => {
    const { gateway } = await fakeTwilio((_req, res) => json(res, 201, { status: 'queued' }));
    expect(await failureOf(gateway.send(MESSAGE))).toMatchObject({ reason: 'bad_response', retryable: false });
  });

  it('refuses options that cannot work', () => {
    const base = { accountSid: ACCOUNT, authToken: TOKEN, sender: { from: '+15005550006' }, statusCallbackUrl: 'https://x.example/s' };
    expect(() => twilioGateway({ ...base, accountSid: 'AC1' })).toThrow(/accountSid/);
    expect(() => twilioGateway({ ...base, authToken: '' })).toThrow(/authToken/);
    expect(() => twilioGateway({ ...base, statusCallbackUrl: 'not a url' })).toThrow();
  });
});

describe('reading Twilio’s callbacks (after the signature check)', () => {
  const RECEIVED_AT = '2026-03-02T03:00:00.000Z';
  const gateway = twilioGateway({ accountSid: ACCOUNT, authToken: TOKEN, sender: { from: '+15005550006' }, statusCallbackUrl: 'https://x.example/surveys/sms/twilio/status' });
  const none = new URLSearchParams();

  it('reads a reply: the sid, the sender in E.164, the text', () => {
    const form = new URLSearchParams({ MessageSid: SID, AccountSid: ACCOUNT, From: '+84912345678', To: '+84899999999', Body: 'Rất hài lòng', NumMedia: '0' });
    expect(gateway.readCallback('inbound', { query: none, form }, RECEIVED_AT)).toEqual({ kind: 'inbound', gateway: 'twilio', providerMessageId: SID, from: '+84912345678', text: 'Rất hài lòng', receivedAt: RECEIVED_AT });
  });

  it('reads a delivery report, our message id from the callback URL, the error code when given', () => {
    const form = new URLSearchParams({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: ACCOUNT });
    expect(gateway.readCallback('status', { query: new URLSearchParams('messageId=SVY-1'), form }, RECEIVED_AT)).toEqual({
      kind: 'status',
      gateway: 'twilio',
      providerMessageId: SID,
      messageId: 'SVY-1',
      status: 'undelivered',
      rawStatus: 'undelivered',
      errorCode: '30003',
      reportId: `${SID}:undelivered`,
      receivedAt: RECEIVED_AT,
    });
  });

  it('keeps a status it does not map, unapplied', () => {
    const form = new URLSearchParams({ MessageSid: SID, MessageStatus: 'ringing_newly' });
    expect(gateway.readCallback('status', { query: none, form }, RECEIVED_AT)).toMatchObject({ status: null, rawStatus: 'ringing_newly' });
  });

  it('refuses a callback it cannot read with VALIDATION_FAILED naming the fields, never the values', () => {
    const form = new URLSearchParams({ MessageSid: 'nope', From: 'whatsapp:+84912345678', Body: 'x' });
    const error = (() => {
      try {
        gateway.readCallback('inbound', { query: none, form }, RECEIVED_AT);
      } catch (e) {
        return e as { code: string; details: { path: string }[] };
      }
    })();
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.details.map((d) => d.path).sort()).toEqual(['From', 'MessageSid']);
    expect(JSON.stringify(error?.details)).not.toContain('84912345678');
  });
});
