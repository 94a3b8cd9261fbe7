import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { httpHandler, json, rawBodyOf } from '../../../libs/platform/http.ts';
import { metrics } from '../../../libs/platform/powertools.ts';
import { verifiedUrlSecretGatewayOf, verifyUrlSecret } from '../../../libs/platform/url-secret.ts';
import { gatewayFor, gatewaysConfig, surveySecrets } from '../adapters/context.ts';
import { enqueueCallback } from '../adapters/enqueue-callback.ts';

const config = gatewaysConfig();
const secretsOf = async (gateway: string): Promise<readonly string[]> =>
  gateway === 'vn-brandname' && config['vn-brandname'] ? ((await surveySecrets()).gateways['vn-brandname']?.callbackSecrets ?? []) : [];

/**
 * GET /surveys/sms/{gateway}/status/{secret} and GET|POST /surveys/sms/{gateway}/inbound/{secret}
 * — the brandname gateway's delivery reports and replies, which carry no signature: the secret in
 * the URL we registered with the gateway is checked (in constant time) before anything else; then
 * the callback is read, queued and answered at once. Refused: 401, nothing stored.
 */
export const handler = httpHandler(async (event) => {
  verifiedUrlSecretGatewayOf(event);
  const kind = event.rawPath.includes('/inbound/') ? 'inbound' : 'status';
  const query = new URLSearchParams(event.rawQueryString ?? '');
  const form = event.requestContext.http.method === 'POST' ? new URLSearchParams(rawBodyOf(event).toString('utf8')) : undefined;
  const gateway = await gatewayFor(config, 'vn-brandname');
  await enqueueCallback(gateway.readCallback(kind, { query, ...(form ? { form } : {}) }, new Date().toISOString()));
  metrics.addMetric(kind === 'inbound' ? 'SmsRepliesReceived' : 'SmsReportsReceived', MetricUnit.Count, 1);
  return json(200, { received: true });
}).use(verifyUrlSecret({ secrets: secretsOf }));
