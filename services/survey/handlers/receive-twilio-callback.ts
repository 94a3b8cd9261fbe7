import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { httpHandler } from '../../../libs/platform/http.ts';
import { metrics } from '../../../libs/platform/powertools.ts';
import { emptyTwiml, publicUrlOf, verifiedTwilioRequestOf, verifyTwilioSignature } from '../../../libs/platform/twilio-signature.ts';
import { gatewayFor, gatewaysConfig, surveySecrets } from '../adapters/context.ts';
import { enqueueCallback } from '../adapters/enqueue-callback.ts';

const config = gatewaysConfig();
const tokensOf = async (gateway: string): Promise<readonly string[]> => (gateway === 'twilio' && config.twilio ? ((await surveySecrets()).gateways.twilio?.authTokens ?? []) : []);

/**
 * POST /surveys/sms/{gateway}/inbound and /status — Twilio's callbacks (a citizen's reply, a
 * delivery report). The X-Twilio-Signature is checked on the exact public URL (from configuration)
 * and every parameter before anything else; then the callback is read, queued, and answered with
 * an empty TwiML document at once. Refused: 401, nothing stored.
 */
export const handler = httpHandler(async (event) => {
  const request = verifiedTwilioRequestOf(event);
  const kind = event.rawPath.endsWith('/inbound') ? 'inbound' : 'status';
  const gateway = await gatewayFor(config, 'twilio');
  await enqueueCallback(gateway.readCallback(kind, { query: request.query, form: request.form }, new Date().toISOString()));
  metrics.addMetric(kind === 'inbound' ? 'SmsRepliesReceived' : 'SmsReportsReceived', MetricUnit.Count, 1);
  return emptyTwiml();
}).use(verifyTwilioSignature({ authTokens: tokensOf, publicUrl: publicUrlOf(config.publicBaseUrl) }));
