import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { afterEach, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../libs/platform/twilio-signature.ts';
import { SurveySecrets } from '../adapters/context.ts';
import type { DeliveryReport, InboundSms } from '../adapters/gateway.ts';
import { LOCAL_GATEWAYS } from '../adapters/gateways-config.ts';
import { twilioGateway } from '../adapters/twilio-gateway.ts';
import { vnBrandnameGateway } from '../adapters/vn-brandname-gateway.ts';
import { DEV_BRANDNAME_API_KEY, DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN, devSurveySecrets } from './dev-credentials.ts';
import { SmsSimulator, smsSimulatorOptionsFromEnv, type SmsSimulatorOptions } from './sms-simulator.ts';
import { startCallbackRoutes } from './sms-test-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const FAST_CLIENT = { timeoutMs: 2_000, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const CITIZEN = '0912345678';
const TEXT = 'UBND phuong Ha Dong: ho so H38.23-260302-0001. Tra loi 1 rat hai long, 2 hai long, 3 khong hai long. Huy: TC';

/** Our callback routes, then the simulator posting to them, then our adapters calling it, as locally. */
async function setUp(options: SmsSimulatorOptions = {}, routes: Parameters<typeof startCallbackRoutes>[0] = {}) {
  const api = await startCallbackRoutes(routes);
  cleanup.push(api.close);
  const errors: string[] = [];
  const sim = new SmsSimulator({ publicBaseUrl: api.publicBaseUrl, stepMs: 5, retryDelayMs: 5, onError: (m) => errors.push(m), ...options });
  const origin = await sim.start();
  cleanup.push(() => sim.stop());
  const local = LOCAL_GATEWAYS(api.publicBaseUrl);
  const secrets = devSurveySecrets().gateways;
  const twilio = twilioGateway({
    baseUrl: `${origin}/twilio`,
    accountSid: local.twilio!.accountSid,
    authToken: secrets.twilio!.authTokens[0]!,
    sender: { from: local.twilio!.from! },
    statusCallbackUrl: `${api.publicBaseUrl}/surveys/sms/twilio/status`,
    http: FAST_CLIENT,
  });
  const brandname = vnBrandnameGateway({ baseUrl: `${origin}/vn-brandname`, apiKey: secrets['vn-brandname']!.apiKey, brandname: local['vn-brandname']!.brandname, http: FAST_CLIENT });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/_control/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { sim, origin, api, errors, twilio, brandname, control };
}

const reports = (read: unknown[]) => read.filter((r): r is DeliveryReport => (r as DeliveryReport).kind === 'status');
const inbound = (read: unknown[]) => read.filter((r): r is InboundSms => (r as InboundSms).kind === 'inbound');

describe('the development credentials', () => {
  it('are a valid survey secret whose Twilio token looks like a real one', () => {
    expect(SurveySecrets.parse(devSurveySecrets())).toEqual(devSurveySecrets());
    expect(DEV_TWILIO_AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    expect(devSurveySecrets().gateways['vn-brandname']!.callbackSecrets[0]).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  });
});

describe('the SMS simulator playing Twilio, through our adapter', () => {
  it('records the message, answers like Twilio, then posts queued → sent → delivered, signed over the exact StatusCallback URL', async () => {
    const { sim, twilio, api, control } = await setUp();
    const sent = await twilio.send({ messageId: 'SVY-H38.23-260302-0001-1', to: CITIZEN, text: TEXT });
    expect(sent).toMatchObject({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', rawStatus: 'queued' });
    await sim.settled();

    const [message] = (await control('GET', 'messages')).body.messages;
    expect(message).toMatchObject({ gateway: 'twilio', to: '+84912345678', from: 'MOTCUA', text: TEXT, messageId: 'SVY-H38.23-260302-0001-1', providerMessageId: sent.providerMessageId, outcome: 'delivered', sendRequests: 1 });
    expect(message.reports.map((r: { status: string; outcome: string }) => [r.status, r.outcome])).toEqual([['queued', 'accepted'], ['sent', 'accepted'], ['delivered', 'accepted']]);

    // Every callback was let through by verifyTwilioSignature, and Twilio's own helper agrees.
    expect(api.received.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const { url, headers, body } of api.received) {
      expect(url).toBe(`${api.publicBaseUrl}/surveys/sms/twilio/status?messageId=SVY-H38.23-260302-0001-1`);
      expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
      const params = new URLSearchParams(body);
      expect(headers['x-twilio-signature']).toBe(twilioSignature(DEV_TWILIO_AUTH_TOKEN, url, params));
      expect(validateRequest(DEV_TWILIO_AUTH_TOKEN, headers['x-twilio-signature'] as string, url, Object.fromEntries(params))).toBe(true);
      expect(validateRequest('0'.repeat(32), headers['x-twilio-signature'] as string, url, Object.fromEntries(params))).toBe(false);
      expect(Object.fromEntries(params)).toMatchObject({ MessageSid: sent.providerMessageId, AccountSid: DEV_TWILIO_ACCOUNT_SID, To: '+84912345678', From: 'MOTCUA' });
    }
    expect(reports(api.read()).map((r) => [r.status, r.messageId, r.providerMessageId])).toEqual([
      ['queued', 'SVY-H38.23-260302-0001-1', sent.providerMessageId],
      ['sent', 'SVY-H38.23-260302-0001-1', sent.providerMessageId],
      ['delivered', 'SVY-H38.23-260302-0001-1', sent.providerMessageId],
    ]);
  });

  it('answers a Messaging Service send `accepted`, and reports from the service number', async () => {
    const { sim, api, origin } = await setUp();
    const viaService = twilioGateway({
      baseUrl: `${origin}/twilio`, accountSid: DEV_TWILIO_ACCOUNT_SID, authToken: DEV_TWILIO_AUTH_TOKEN, http: FAST_CLIENT,
      sender: { messagingServiceSid: `MG${'1'.repeat(32)}` }, statusCallbackUrl: `${api.publicBaseUrl}/surveys/sms/twilio/status`,
    });
    expect(await viaService.send({ messageId: 'M-1', to: '+84912345678', text: 'xin chao' })).toMatchObject({ status: 'queued', rawStatus: 'accepted' });
    await sim.settled();
    expect(api.received.every((r) => r.status === 200)).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(api.received[0]!.body))).toMatchObject({ From: '+84899999999', MessagingServiceSid: `MG${'1'.repeat(32)}` });
  });

  it('refuses a wrong token or account like Twilio (20003), and a number it cannot text (21211), recording nothing', async () => {
    const { sim, origin, api } = await setUp();
    const stranger = twilioGateway({ baseUrl: `${origin}/twilio`, accountSid: DEV_TWILIO_ACCOUNT_SID, authToken: 'f'.repeat(32), sender: { from: 'MOTCUA' }, statusCallbackUrl: `${api.publicBaseUrl}/s`, http: FAST_CLIENT });
    await expect(stranger.send({ messageId: 'M-1', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'unauthorized', providerCode: '20003' });
    const otherAccount = twilioGateway({ baseUrl: `${origin}/twilio`, accountSid: `AC${'2'.repeat(32)}`, authToken: DEV_TWILIO_AUTH_TOKEN, sender: { from: 'MOTCUA' }, statusCallbackUrl: `${api.publicBaseUrl}/s`, http: FAST_CLIENT });
    await expect(otherAccount.send({ messageId: 'M-1', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'unauthorized' });
    const auth = `Basic ${Buffer.from(`${DEV_TWILIO_ACCOUNT_SID}:${DEV_TWILIO_AUTH_TOKEN}`).toString('base64')}`;
    const raw = await fetch(`${origin}/twilio/2010-04-01/Accounts/${DEV_TWILIO_ACCOUNT_SID}/Messages.json`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'To=12345&From=MOTCUA&Body=x' });
    expect([raw.status, ((await raw.json()) as { code: number }).code]).toEqual([400, 21211]);
    expect(sim.list()).toEqual([]);
  });
});

describe('the SMS simulator playing the brandname gateway, through our adapter', () => {
  it('sends once per requestId and reports 0 → 1 → 2 by GET to the status URL with the callback secret', async () => {
    const { sim, brandname, api } = await setUp();
    const first = await brandname.send({ messageId: 'SVY-1', to: CITIZEN, text: TEXT });
    const again = await brandname.send({ messageId: 'SVY-1', to: CITIZEN, text: TEXT });
    expect(first).toMatchObject({ status: 'queued', rawStatus: '00' });
    expect(again).toEqual({ ...first, rawStatus: '01' });
    await sim.settled();

    expect(sim.list()).toMatchObject([{ gateway: 'vn-brandname', to: '+84912345678', from: 'MOTCUA', messageId: 'SVY-1', providerMessageId: first.providerMessageId, sendRequests: 2 }]);
    expect(api.received.map((r) => [r.method, r.status])).toEqual([['GET', 200], ['GET', 200], ['GET', 200]]);
    expect(api.received[0]!.url).toMatch(new RegExp(`^${api.publicBaseUrl}/surveys/sms/vn-brandname/status/motcua-dev-vn-brandname-callback-secret\\?requestId=SVY-1&`));
    expect(reports(api.read()).map((r) => [r.rawStatus, r.status, r.messageId, r.providerMessageId])).toEqual([
      ['0', 'queued', 'SVY-1', first.providerMessageId],
      ['1', 'sent', 'SVY-1', first.providerMessageId],
      ['2', 'delivered', 'SVY-1', first.providerMessageId],
    ]);
  });

  it('refuses a wrong API key (13) and a number that is not a Vietnamese mobile (10)', async () => {
    const { sim, origin, brandname } = await setUp();
    const stranger = vnBrandnameGateway({ baseUrl: `${origin}/vn-brandname`, apiKey: 'nope', brandname: 'MOTCUA', http: FAST_CLIENT });
    await expect(stranger.send({ messageId: 'X', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'unauthorized', providerCode: '13' });
    await expect(brandname.send({ messageId: 'Y', to: '+14155550100', text: 'x' })).rejects.toMatchObject({ reason: 'rejected', providerCode: '10' });
    expect(sim.list()).toEqual([]);
  });
});

describe("the SMS simulator posting a citizen's reply", () => {
  it('Twilio: a signed form to our inbound route, read as the reply; twice with the same MessageSid; forged is refused', async () => {
    const { sim, api, twilio } = await setUp();
    await twilio.send({ messageId: 'M-1', to: CITIZEN, text: TEXT });
    await sim.settled();
    const before = api.received.length;

    const posted = await sim.reply({ from: CITIZEN, text: 'Rất hài lòng', twice: true });
    expect(posted).toMatchObject({ gateway: 'twilio', kind: 'inbound', providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), forged: false, answers: [200, 200] });
    const copies = api.received.slice(before);
    expect(copies.map((r) => r.url)).toEqual([`${api.publicBaseUrl}/surveys/sms/twilio/inbound`, `${api.publicBaseUrl}/surveys/sms/twilio/inbound`]);
    expect(copies[0]!.body).toBe(copies[1]!.body);
    const params = Object.fromEntries(new URLSearchParams(copies[0]!.body));
    expect(params).toMatchObject({ From: '+84912345678', To: 'MOTCUA', Body: 'Rất hài lòng', AccountSid: DEV_TWILIO_ACCOUNT_SID, NumMedia: '0', FromCity: '' });
    expect(validateRequest(DEV_TWILIO_AUTH_TOKEN, copies[0]!.headers['x-twilio-signature'] as string, copies[0]!.url, params)).toBe(true);
    expect(inbound(api.read())).toEqual([
      expect.objectContaining({ gateway: 'twilio', providerMessageId: posted.providerMessageId, from: '+84912345678', text: 'Rất hài lòng' }),
      expect.objectContaining({ providerMessageId: posted.providerMessageId }),
    ]);

    const forged = await sim.reply({ from: CITIZEN, text: '1', forged: true });
    expect(forged.answers).toEqual([401]);
    expect(inbound(api.read())).toHaveLength(2);
    expect(sim.callbacks().map((c) => c.answers)).toEqual([[200, 200], [401]]);
  });

  it('brandname: by GET (default) or form POST to the inbound URL with the secret; the gateway that last texted the number is the default', async () => {
    const { sim, api, brandname } = await setUp();
    await brandname.send({ messageId: 'SVY-2', to: CITIZEN, text: TEXT });
    await sim.settled();
    const byGet = await sim.reply({ from: '+84912345678', text: 'rat hai long' });
    const byPost = await sim.reply({ from: '84912345678', text: 'hai long', via: 'POST' });
    const forged = await sim.reply({ from: CITIZEN, text: '3', forged: true });
    expect([byGet, byPost, forged].map((p) => [p.gateway, p.answers])).toEqual([['vn-brandname', [200]], ['vn-brandname', [200]], ['vn-brandname', [401]]]);
    expect(api.received.slice(-3).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(inbound(api.read()).map((r) => [r.providerMessageId, r.from, r.text])).toEqual([
      [byGet.providerMessageId, '+84912345678', 'rat hai long'],
      [byPost.providerMessageId, '+84912345678', 'hai long'],
    ]);
  });

  it('cannot post anywhere without a public base URL', async () => {
    const sim = new SmsSimulator();
    await sim.start();
    cleanup.push(() => sim.stop());
    await expect(sim.reply({ from: CITIZEN, text: '1' })).rejects.toThrow(/no public base URL/);
    const answer = await fetch(`${sim.url}/_control/reply`, { method: 'POST', body: JSON.stringify({ from: CITIZEN, text: '1' }) });
    expect(answer.status).toBe(409);
  });
});

describe('the SMS simulator, outcomes, duplicates and retries of its reports', () => {
  it('a number chosen undelivered (control endpoint) gets sent → undelivered with an error code; another number is delivered', async () => {
    const { sim, api, twilio, brandname, control } = await setUp();
    expect((await control('POST', 'outcomes', { to: '+84 912 345 678', outcome: 'undelivered' })).status).toBe(200);
    expect((await control('POST', 'outcomes', { to: 'not a number', outcome: 'failed' })).status).toBe(400);
    expect((await control('POST', 'outcomes', { to: CITIZEN, outcome: 'lost' })).status).toBe(400);
    await twilio.send({ messageId: 'A', to: CITIZEN, text: 'x' });
    await brandname.send({ messageId: 'B', to: CITIZEN, text: 'x' });
    await twilio.send({ messageId: 'C', to: '0987654321', text: 'x' });
    await sim.settled();
    const finals = Object.fromEntries(
      reports(api.read())
        .filter((r) => ['delivered', 'undelivered'].includes(r.status!))
        .map((r) => [r.messageId, [r.status, r.rawStatus, r.errorCode]]),
    );
    expect(finals).toEqual({ A: ['undelivered', 'undelivered', '30003'], B: ['undelivered', '3', undefined], C: ['delivered', 'delivered', undefined] });
    expect((await control('GET', `messages?to=${encodeURIComponent('+84987654321')}`)).body.messages.map((m: { messageId: string }) => m.messageId)).toEqual(['C']);
  });

  it('failed and silent outcomes, for every number', async () => {
    const { sim, api, twilio } = await setUp({ outcome: 'failed' });
    await twilio.send({ messageId: 'F', to: CITIZEN, text: 'x' });
    sim.setOutcome({ outcome: 'silent' });
    await twilio.send({ messageId: 'S', to: CITIZEN, text: 'x' });
    await sim.settled();
    expect(reports(api.read()).map((r) => [r.messageId, r.status, r.errorCode])).toEqual([['F', 'queued', undefined], ['F', 'failed', '30008']]);
    expect(sim.list().map((m) => [m.messageId, m.outcome, m.reports.length])).toEqual([['F', 'failed', 2], ['S', 'silent', 0]]);
  });

  it('duplicates: every report sent twice, the same body and signature', async () => {
    const { sim, api, twilio } = await setUp({ duplicates: 1 });
    await twilio.send({ messageId: 'D', to: CITIZEN, text: 'x' });
    await sim.settled();
    expect(api.received).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) {
      expect(api.received[i]!.body).toBe(api.received[i + 1]!.body);
      expect(api.received[i]!.headers['x-twilio-signature']).toBe(api.received[i + 1]!.headers['x-twilio-signature']);
    }
    expect(sim.list()[0]!.reports.map((r) => r.resend)).toEqual([false, true, false, true, false, true]);
  });

  it('retries a report not answered 2xx with the same request, then gives up and says so', async () => {
    const { sim, api, brandname, errors } = await setUp({ outcome: 'failed' }, { answer: (index) => (index < 2 ? 503 : index >= 3 ? 500 : undefined) });
    await brandname.send({ messageId: 'R', to: CITIZEN, text: 'x' });
    await sim.settled();
    // 0: 503, 503, 200 (accepted at the third attempt); 4: 500, 500, 500 (refused).
    expect(api.received.map((r) => r.status)).toEqual([503, 503, 200, 500, 500, 500]);
    expect(new Set(api.received.slice(0, 3).map((r) => r.url)).size).toBe(1);
    expect(sim.list()[0]!.reports).toMatchObject([{ status: '0', outcome: 'accepted', attempts: 3 }, { status: '4', outcome: 'refused', attempts: 3, lastStatus: 500 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(sim.list()[0]!.providerMessageId);
    expect(errors[0]).not.toContain('912345678');
  });

  it('report(): a report of our choosing (a late `sent`, a code we do not map), twice or forged', async () => {
    const { sim, api, twilio, brandname, control } = await setUp({ outcome: 'silent' });
    const viaTwilio = await twilio.send({ messageId: 'T', to: CITIZEN, text: 'x' });
    const viaBrandname = await brandname.send({ messageId: 'B', to: CITIZEN, text: 'x' });
    expect((await control('POST', 'report', { providerMessageId: viaTwilio.providerMessageId, status: 'sent', twice: true })).body.answers).toEqual([200, 200]);
    expect((await sim.report({ providerMessageId: viaBrandname.providerMessageId, status: '7' })).answers).toEqual([200]);
    expect((await sim.report({ providerMessageId: viaBrandname.providerMessageId, status: '2', forged: true })).answers).toEqual([401]);
    expect((await control('POST', 'report', { providerMessageId: 'SM-none', status: 'sent' })).status).toBe(404);
    expect(reports(api.read()).map((r) => [r.messageId, r.rawStatus, r.status])).toEqual([['T', 'sent', 'sent'], ['T', 'sent', 'sent'], ['B', '7', null]]);
    expect(sim.list().map((m) => m.reports.map((r) => [r.status, r.manual, r.outcome]))).toEqual([
      [['sent', true, 'accepted'], ['sent', true, 'accepted']],
      [['7', true, 'accepted'], ['2', true, 'refused']],
    ]);
  });

  it('records reports it had nowhere to send: no StatusCallback, no public base URL', async () => {
    const sim = new SmsSimulator({ stepMs: 1 });
    const origin = await sim.start();
    cleanup.push(() => sim.stop());
    const brandname = vnBrandnameGateway({ baseUrl: `${origin}/vn-brandname`, apiKey: DEV_BRANDNAME_API_KEY, brandname: 'MOTCUA', http: FAST_CLIENT });
    await brandname.send({ messageId: 'N', to: CITIZEN, text: 'x' });
    await sim.settled();
    expect(sim.list()[0]!.reports.map((r) => [r.status, r.outcome])).toEqual([['0', 'not-sent'], ['1', 'not-sent'], ['2', 'not-sent']]);
  });
});

describe('the SMS simulator, send faults', () => {
  it('down: connections cut, nothing recorded, until cleared', async () => {
    const { sim, twilio, control } = await setUp({ outcome: 'silent' });
    expect((await control('POST', 'faults', { gateway: 'twilio', mode: 'down' })).status).toBe(200);
    await expect(twilio.send({ messageId: 'X', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'network', outcomeUnknown: true });
    expect(sim.list()).toEqual([]);
    await control('POST', 'faults', { gateway: 'twilio', mode: 'none' });
    await twilio.send({ messageId: 'X', to: CITIZEN, text: 'x' });
    expect(sim.list()).toHaveLength(1);
  });

  it('5xx-then-ok: Twilio’s adapter does not retry a 503 (no idempotency key); the brandname one does, and sends once', async () => {
    const { sim, twilio, brandname, control } = await setUp({ outcome: 'silent' });
    await control('POST', 'faults', { gateway: 'twilio', mode: '5xx-then-ok' });
    await expect(twilio.send({ messageId: 'X', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'server_error', status: 503, outcomeUnknown: true });
    await twilio.send({ messageId: 'X', to: CITIZEN, text: 'x' });
    await control('POST', 'faults', { gateway: 'vn-brandname', mode: '5xx-then-ok', count: 2 });
    await brandname.send({ messageId: 'Y', to: CITIZEN, text: 'x' });
    expect(sim.list().map((m) => [m.gateway, m.sendRequests])).toEqual([['twilio', 1], ['vn-brandname', 1]]);
  });

  it('reject: the number refused, not retryable', async () => {
    const { sim, twilio, brandname } = await setUp();
    sim.setFault({ gateway: 'twilio', mode: 'reject', count: 1 });
    sim.setFault({ gateway: 'vn-brandname', mode: 'reject', count: 1 });
    await expect(twilio.send({ messageId: 'X', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'rejected', providerCode: '21211', retryable: false });
    await expect(brandname.send({ messageId: 'Y', to: CITIZEN, text: 'x' })).rejects.toMatchObject({ reason: 'rejected', providerCode: '10', retryable: false });
    expect(sim.list()).toEqual([]);
  });

  it('refuses a fault or a reply it cannot read', async () => {
    const { control } = await setUp();
    expect((await control('POST', 'faults', { gateway: 'sms-ru', mode: 'down' })).status).toBe(400);
    expect((await control('POST', 'faults', { gateway: 'twilio', mode: 'slow' })).status).toBe(400);
    expect((await control('POST', 'reply', { from: CITIZEN })).status).toBe(400);
    expect((await control('GET', 'nothing')).status).toBe(404);
  });
});

describe('the SMS simulator, options from the environment', () => {
  it('reads MOTCUA_SMS_SIM_*, leaves unset ones to the defaults, and names a bad one', () => {
    expect(smsSimulatorOptionsFromEnv({})).toEqual({});
    expect(smsSimulatorOptionsFromEnv({ MOTCUA_SMS_SIM_PORT: '4020', MOTCUA_SMS_SIM_OUTCOME: 'undelivered', MOTCUA_SMS_SIM_STEP_MS: '50', MOTCUA_SMS_SIM_DUPLICATES: '0.5', MOTCUA_SMS_SIM_ECHO: '1' }))
      .toEqual({ port: 4020, outcome: 'undelivered', stepMs: 50, duplicates: 0.5, echo: true });
    expect(() => smsSimulatorOptionsFromEnv({ MOTCUA_SMS_SIM_OUTCOME: 'lost' })).toThrow(/^MOTCUA_SMS_SIM_OUTCOME: /);
    expect(() => smsSimulatorOptionsFromEnv({ MOTCUA_SMS_SIM_DUPLICATES: '2' })).toThrow(/^MOTCUA_SMS_SIM_DUPLICATES: /);
  });

  it('echo prints each message sent, the number masked', async () => {
    const lines: string[] = [];
    const { twilio } = await setUp({ echo: true, print: (line) => lines.push(line), outcome: 'silent' });
    await twilio.send({ messageId: 'E', to: CITIZEN, text: 'Xin chao' });
    expect(lines).toEqual(['sms → +8491****678 via twilio: Xin chao']);
  });
});
