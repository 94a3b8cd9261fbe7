import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULT_TAG } from '../../infra/local/dev-secrets.ts';
import type { LocalRuntime, RuntimeInfo } from '../../infra/local/runtime.ts';
import { twilioSignature } from '../../libs/platform/twilio-signature.ts';
import { LOCAL_GATEWAYS, SMS_SIMULATOR_ORIGIN } from '../../services/survey/adapters/gateways-config.ts';
import { functionBehindRoutes, startOnHandMadeAssembly } from '../support/hand-made-assembly.ts';

/**
 * The local wiring of the SMS gateway simulator, on a hand-made assembly shaped like what the
 * survey construct will declare: a Secrets Manager secret tagged `survey`, a function given its ARN
 * and the local gateways configuration (LOCAL_GATEWAYS, its public base URL the API's endpoint),
 * and the callback routes of docs/sms-gateways.md, verified by the real middlewares with the
 * credentials read from the secret. The simulator's reports and replies are accepted only if the
 * origin substitution, the public base URL, the secrets server and the development credentials all
 * agree.
 */

const HANDLER = `
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { httpHandler, json } from './libs/platform/http.ts';
import { emptyTwiml, publicUrlOf, verifiedTwilioRequestOf, verifyTwilioSignature } from './libs/platform/twilio-signature.ts';
import { verifyUrlSecret } from './libs/platform/url-secret.ts';
import { GatewaysConfig } from './services/survey/adapters/gateways-config.ts';
import { twilioGateway } from './services/survey/adapters/twilio-gateway.ts';
import { vnBrandnameGateway } from './services/survey/adapters/vn-brandname-gateway.ts';

const config = () => GatewaysConfig.parse(JSON.parse(process.env.SURVEY_GATEWAYS));
const secrets = async () => getSecret(process.env.SURVEY_SECRETS_ARN, { transform: 'json' });
const received = [];

async function adapters() {
  const { publicBaseUrl, twilio, 'vn-brandname': brandname } = config();
  const { gateways } = await secrets();
  return {
    twilio: twilioGateway({ baseUrl: twilio.baseUrl, accountSid: twilio.accountSid, authToken: gateways.twilio.authTokens[0], sender: { from: twilio.from }, statusCallbackUrl: publicBaseUrl + '/surveys/sms/twilio/status' }),
    'vn-brandname': vnBrandnameGateway({ baseUrl: brandname.baseUrl, apiKey: gateways['vn-brandname'].apiKey, brandname: brandname.brandname }),
  };
}

const kindOf = (event) => (event.rawPath.includes('/inbound') ? 'inbound' : 'status');
const twilioRoute = httpHandler(async (event) => {
  const { query, form } = verifiedTwilioRequestOf(event);
  received.push((await adapters()).twilio.readCallback(kindOf(event), { query, form }, new Date().toISOString()));
  return emptyTwiml();
}).use(verifyTwilioSignature({
  authTokens: async (gateway) => (await secrets()).gateways[gateway]?.authTokens ?? [],
  publicUrl: (event) => publicUrlOf(config().publicBaseUrl)(event),
}));
const brandnameRoute = httpHandler(async (event) => {
  received.push((await adapters())['vn-brandname'].readCallback(kindOf(event), { query: new URLSearchParams(event.rawQueryString) }, new Date().toISOString()));
  return json(200, { ok: true });
}).use(verifyUrlSecret({ secrets: async (gateway) => (await secrets()).gateways[gateway]?.callbackSecrets ?? [] }));

export async function handler(event, context) {
  if (event.rawPath) return event.pathParameters?.secret ? brandnameRoute(event, context) : twilioRoute(event, context);
  if (event.report) return { received, gateways: process.env.SURVEY_GATEWAYS };
  return (await adapters())[event.gateway].send(event.message);
}
`;

const ROUTES = ['POST /surveys/sms/{gateway}/inbound', 'POST /surveys/sms/{gateway}/status', 'GET /surveys/sms/{gateway}/status/{secret}', 'GET /surveys/sms/{gateway}/inbound/{secret}'];

// The configuration's JSON with the API's endpoint as its public base URL, as the construct will join it.
const [BEFORE, AFTER] = JSON.stringify(LOCAL_GATEWAYS('@@BASE@@')).split('@@BASE@@');
const RESOURCES = {
  SurveySecrets: { Type: 'AWS::SecretsManager::Secret', Properties: { Tags: [{ Key: LOCAL_DEFAULT_TAG, Value: 'survey' }] } },
  ...functionBehindRoutes({ SURVEY_SECRETS_ARN: { Ref: 'SurveySecrets' }, SURVEY_GATEWAYS: { 'Fn::Join': ['', [BEFORE, { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }, AFTER]] } }, ROUTES),
};

let runtime: LocalRuntime;
let info: RuntimeInfo;
let printed: string[];
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ runtime, info, printed, stop } = await startOnHandMadeAssembly({ stack: 'Motcua-SmsWiring', resources: RESOURCES, handler: HANDLER, runtime: { smsSimulator: { stepMs: 20, duplicates: 1 } } }));
});

afterAll(async () => {
  await stop?.();
});

const fn = () => runtime.functionHosts.get('Motcua-SmsWiring/Fn')!;
const report = async () => (await fn().invoke({ report: true })) as { received: { kind: string; gateway: string; status?: string; messageId?: string; text?: string }[]; gateways: string };

describe('the SMS gateway simulator on the local runtime', () => {
  it('is named at start with its development token and the public base URL, and the survey secret is served', () => {
    expect(info.smsSimulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed).toContain(`sms        gateway simulator at ${info.smsSimulator} (Twilio auth token ${info.smsTwilioAuthToken}, public base URL ${info.url} — development defaults, see docs/sms-gateways.md)`);
    expect(Object.keys(info.secrets)).toEqual(['Motcua-SmsWiring/SurveySecrets']);
  });

  it("replaces the simulator's placeholder origin in the functions' environment; the public base URL is the API's", async () => {
    const { gateways } = await report();
    expect(gateways).not.toContain(SMS_SIMULATOR_ORIGIN);
    expect(JSON.parse(gateways)).toMatchObject({ publicBaseUrl: info.url, twilio: { baseUrl: `${info.smsSimulator}/twilio` }, 'vn-brandname': { baseUrl: `${info.smsSimulator}/vn-brandname` } });
  });

  it('a function sends through each gateway with the credentials of the local secret; every report (each sent twice) is verified by the routes', async () => {
    const twilio = (await fn().invoke({ gateway: 'twilio', message: { messageId: 'SVY-T-1', to: '0912345678', text: 'Tra loi 1, 2 hoac 3' } })) as { providerMessageId: string };
    const brandname = (await fn().invoke({ gateway: 'vn-brandname', message: { messageId: 'SVY-B-1', to: '0987654321', text: 'Tra loi 1, 2 hoac 3' } })) as { providerMessageId: string };
    await runtime.smsSimulator.settled();
    const messages = runtime.smsSimulator.list();
    expect(messages.map((m) => [m.gateway, m.to, m.messageId, m.providerMessageId])).toEqual([
      ['twilio', '+84912345678', 'SVY-T-1', twilio.providerMessageId],
      ['vn-brandname', '+84987654321', 'SVY-B-1', brandname.providerMessageId],
    ]);
    for (const message of messages) {
      expect(message.reports).toHaveLength(6);
      expect(message.reports.every((r) => r.outcome === 'accepted')).toBe(true);
    }
    const statuses = (await report()).received.filter((r) => r.kind === 'status').map((r) => `${r.messageId}:${r.status}`);
    expect(statuses.sort()).toEqual(['queued', 'queued', 'sent', 'sent', 'delivered', 'delivered'].flatMap((s) => [`SVY-T-1:${s}`, `SVY-B-1:${s}`]).sort());
  });

  it("posts a citizen's reply, twice when asked; a forged one is refused by the route", async () => {
    const before = (await report()).received.filter((r) => r.kind === 'inbound').length;
    expect((await runtime.smsSimulator.reply({ from: '0912345678', text: 'rat hai long', twice: true })).answers).toEqual([200, 200]);
    expect((await runtime.smsSimulator.reply({ from: '0987654321', text: '2' })).answers).toEqual([200]);
    expect((await runtime.smsSimulator.reply({ from: '0912345678', text: '3', forged: true })).answers).toEqual([401]);
    expect((await runtime.smsSimulator.reply({ from: '0987654321', text: '3', forged: true })).answers).toEqual([401]);
    const replies = (await report()).received.filter((r) => r.kind === 'inbound').slice(before);
    expect(replies.map((r) => [r.gateway, r.text])).toEqual([['twilio', 'rat hai long'], ['twilio', 'rat hai long'], ['vn-brandname', '2']]);
  });

  it('a person can sign a callback with the printed token over the public URL', async () => {
    const url = `${info.url}/surveys/sms/twilio/inbound`;
    const params = new URLSearchParams({ MessageSid: `SM${'a'.repeat(32)}`, From: '+84912345678', Body: '1', AccountSid: LOCAL_GATEWAYS(info.url).twilio!.accountSid });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(info.smsTwilioAuthToken, url, params) }, body: params.toString() });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Response></Response>');
  });
});
