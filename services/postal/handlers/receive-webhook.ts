import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { httpHandler, json, jsonBody } from '../../../libs/platform/http.ts';
import { metrics, tracer } from '../../../libs/platform/powertools.ts';
import { verifiedWebhookOf, verifyStandardWebhook } from '../../../libs/platform/standard-webhooks.ts';
import { partnersConfig, partnerSecrets } from '../adapters/context.ts';
import { POSTAL_ENV } from '../adapters/environment.ts';
import { messageOfWebhook } from '../adapters/update-message.ts';
import { PARTNERS } from '../domain/partners.ts';
import { ShipmentUpdated, type WebhookAccepted } from '../domain/webhook-payload.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const queueUrl = requiredEnv(POSTAL_ENV.updatesQueue);
const config = partnersConfig();

/** The partners that push to us: configured here and of the webhook kind. Any other id has no secrets: a 401. */
const pushing = new Set(PARTNERS.filter((partner) => partner.kind === 'webhook' && partner.id in config.partners).map((partner) => partner.id));
const secretsOf = async (partner: string): Promise<readonly string[]> => (pushing.has(partner) ? ((await partnerSecrets())[partner]?.webhookSecrets ?? []) : []);

/**
 * POST /postal/webhooks/{partner} — a partner's tracking update. The signature is checked on the
 * raw body before anything reads it (the middleware); then the payload is parsed, the update
 * queued as sent, and the partner answered 202 at once: the work happens from the queue, where a
 * duplicate (the same webhook-id again) changes nothing. A refused request stores nothing.
 */
export const handler = httpHandler(async (event) => {
  const { partner, id } = verifiedWebhookOf(event);
  const payload = jsonBody(event, ShipmentUpdated);
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(messageOfWebhook(partner, id, payload, new Date())) }));
  metrics.addDimension('partner', partner);
  metrics.addMetric('PartnerWebhooksAccepted', MetricUnit.Count, 1);
  return json(202, { accepted: true, id } satisfies WebhookAccepted);
}).use(verifyStandardWebhook({ secrets: secretsOf }));
