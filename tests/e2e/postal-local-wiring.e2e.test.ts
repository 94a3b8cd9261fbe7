import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULT_TAG } from '../../infra/local/dev-secrets.ts';
import type { LocalRuntime, RuntimeInfo } from '../../infra/local/runtime.ts';
import { sign } from '../../libs/platform/standard-webhooks.ts';
import { LOCAL_PARTNERS, SIMULATOR_ORIGIN } from '../../services/postal/adapters/config.ts';
import { ORDER } from '../../services/postal/adapters/partner-test-kit.ts';
import { functionBehindRoutes, startOnHandMadeAssembly } from '../support/hand-made-assembly.ts';

/**
 * The local wiring of postal, on a hand-made assembly shaped like what the CDK app declares: a
 * Secrets Manager secret tagged with its development value, a function given the secret's ARN and
 * the partners' configuration, and the webhook route. The function creates a shipment at the
 * partner named in its environment with the API key read from the secret by Powertools, and
 * verifies the partner's webhooks with the webhook secrets read the same way: so the simulator's
 * updates are accepted only if the origin substitution, the secrets server and the development
 * credentials all agree.
 */

const HANDLER = `
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { httpHandler } from './libs/platform/http.ts';
import { verifyStandardWebhook, verifiedWebhookOf } from './libs/platform/standard-webhooks.ts';
import { PartnersConfig, PartnerSecrets } from './services/postal/adapters/config.ts';
import { demoWebhookPartner } from './services/postal/adapters/demo-webhook-partner.ts';

const secrets = async () => PartnerSecrets.parse(await getSecret(process.env.PARTNER_SECRETS_ARN, { transform: 'json' }));
const received = [];

const webhook = httpHandler(async (event) => {
  received.push({ id: verifiedWebhookOf(event).id, body: JSON.parse(event.body) });
  return { statusCode: 204 };
}).use(verifyStandardWebhook({ secrets: async (partner) => (await secrets())[partner]?.webhookSecrets ?? [] }));

export async function handler(event, context) {
  if (event.rawPath) return webhook(event, context);
  if (event.report) return { received, partners: process.env.POSTAL_PARTNERS };
  const config = PartnersConfig.parse(JSON.parse(process.env.POSTAL_PARTNERS));
  const adapter = demoWebhookPartner({ baseUrl: config.partners['demo-webhook'].baseUrl, apiKey: (await secrets())['demo-webhook'].apiKey });
  return adapter.createShipment(event.order);
}
`;

const RESOURCES = {
  PartnerSecrets: { Type: 'AWS::SecretsManager::Secret', Properties: { Tags: [{ Key: LOCAL_DEFAULT_TAG, Value: 'postal-partners' }] } },
  ...functionBehindRoutes({ PARTNER_SECRETS_ARN: { Ref: 'PartnerSecrets' }, POSTAL_PARTNERS: JSON.stringify(LOCAL_PARTNERS) }, ['POST /postal/webhooks/{partner}']),
};

let runtime: LocalRuntime;
let info: RuntimeInfo;
let printed: string[];
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ runtime, info, printed, stop } = await startOnHandMadeAssembly({
    stack: 'Motcua-Wiring',
    resources: RESOURCES,
    handler: HANDLER,
    runtime: { postalSimulator: { stepMs: 20, duplicates: 1, reorder: true, stale: true } },
  }));
});

afterAll(async () => {
  await stop?.();
});

const fn = () => runtime.functionHosts.get('Motcua-Wiring/Fn')!;

describe('postal on the local runtime: the partner simulator and the secrets', () => {
  it('serves the secret and names the simulator, its webhook secret and the secrets server at start', () => {
    expect(Object.keys(info.secrets)).toEqual(['Motcua-Wiring/PartnerSecrets']);
    expect(info.secrets['Motcua-Wiring/PartnerSecrets']).toMatch(/^arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:Motcua-Wiring-PartnerSecrets-[0-9a-f]{6}$/);
    expect(info.postalSimulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed).toContain(`postal     partner simulator at ${info.postalSimulator} (webhook secret: ${info.postalWebhookSecret} — development default, see docs/postal-partners.md)`);
    expect(printed.some((line) => line.startsWith('secrets    1 served'))).toBe(true);
  });

  it("replaces the simulator's placeholder origin in the functions' environment", async () => {
    const { partners } = (await fn().invoke({ report: true })) as { partners: string };
    expect(partners).not.toContain(SIMULATOR_ORIGIN);
    expect(JSON.parse(partners).partners['demo-webhook'].baseUrl).toBe(`${info.postalSimulator}/demo-webhook`);
  });

  it('a function creates at the simulator with the key from the local secret, and the signed updates it posts are verified by the route', async () => {
    const created = (await fn().invoke({ order: ORDER })) as { trackingNumber: string; created: boolean };
    expect(created.created).toBe(true);
    await runtime.postalSimulator.settled();
    const [shipment] = runtime.postalSimulator.list();
    expect(shipment).toMatchObject({ shipmentId: ORDER.shipmentId, trackingNumber: created.trackingNumber, createRequests: 1 });
    // Every post, the duplicates and the stale one included, answered 2xx by the verifying route.
    expect(shipment!.updates).toHaveLength(11);
    expect(shipment!.updates.every((update) => update.outcome === 'accepted')).toBe(true);
    const { received } = (await fn().invoke({ report: true })) as { received: { id: string; body: { data: { status: string } } }[] };
    expect(received.map((r) => r.id).sort()).toEqual(shipment!.updates.map((u) => u.webhookId).sort());
  });

  it('the route refuses an update signed with another secret: the verification is real', async () => {
    const body = JSON.stringify({ type: 'shipment.updated' });
    const timestamp = Math.floor(Date.now() / 1000);
    const forged = sign(`whsec_${Buffer.from('not-the-development-key-at-all').toString('base64')}`, 'msg_forged', timestamp, body);
    const response = await fetch(`${info.url}/postal/webhooks/demo-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(timestamp), 'webhook-signature': forged },
      body,
    });
    expect(response.status).toBe(401);
  });
});
