import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { partnerById } from '../domain/partners.ts';
import { PartnersConfig, PartnerSecrets } from './config.ts';
import { demoWebhookPartner } from './demo-webhook-partner.ts';
import { POSTAL_ENV } from './environment.ts';
import type { PartnerConnection } from './http-client.ts';
import type { PartnerAdapter } from './partner.ts';
import { ShipmentRepository } from './shipment-repository.ts';
import { vnpostPolledPartner } from './vnpost-polled-partner.ts';

/** The postal service's adapters, built once per execution environment from its environment. */
export const shipments = () =>
  new ShipmentRepository(documentClient, {
    shipments: requiredEnv(POSTAL_ENV.shipmentsTable),
    // Each function is given only the tables it uses (infra/services/postal.ts).
    outbox: process.env[POSTAL_ENV.outboxTable],
  });

/** The deployment's partners (not secret; checked at synth and again here). */
export const partnersConfig = (): PartnersConfig => PartnersConfig.parse(JSON.parse(requiredEnv(POSTAL_ENV.partners)));

/**
 * Every partner's secrets, from Secrets Manager, cached for a minute: a rotated secret is in use
 * within a minute, and a burst of webhooks costs one read. An unreadable secret is our
 * configuration's fault: it throws (a 5xx the partner retries; a message retried), never a 401.
 */
export async function partnerSecrets(): Promise<PartnerSecrets> {
  const value = await getSecret(requiredEnv(POSTAL_ENV.partnerSecrets), { maxAge: 60 });
  if (typeof value !== 'string') throw new Error('the partner secrets are not a JSON string');
  return PartnerSecrets.parse(JSON.parse(value));
}

/** Each partner's adapter by id (services/postal/data/partners.json names them; this says how we talk to each). */
const ADAPTERS: Record<string, (connection: PartnerConnection) => PartnerAdapter> = {
  'demo-webhook': (connection) => demoWebhookPartner(connection),
  vnpost: (connection) => vnpostPolledPartner(connection),
};

/** The adapter of a configured partner, with its API key. */
export async function adapterFor(config: PartnersConfig, partnerId: string): Promise<PartnerAdapter> {
  const api = config.partners[partnerId];
  const make = ADAPTERS[partnerId];
  if (!api || !make) throw new Error(`postal partner ${partnerId} is not configured or has no adapter`);
  partnerById(partnerId);
  const secrets = await partnerSecrets();
  const apiKey = secrets[partnerId]?.apiKey;
  if (!apiKey) throw new Error(`postal partner ${partnerId} has no API key in the partner secrets`);
  return make({ baseUrl: api.baseUrl, apiKey });
}
