import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { SURVEY_ENV } from './environment.ts';
import type { SmsGateway } from './gateway.ts';
import { twilioGateway } from './twilio-gateway.ts';
import { vnBrandnameGateway } from './vn-brandname-gateway.ts';
import { GatewaysConfig, GatewaySecrets } from './gateways-config.ts';
import { SurveyServiceSettings } from './settings.ts';
import { SurveyRepository } from './survey-repository.ts';

/** The survey service's adapters, built once per execution environment from its environment. */
export const surveys = () =>
  new SurveyRepository(documentClient, {
    surveys: requiredEnv(SURVEY_ENV.surveysTable),
    // Each function is given only the tables it uses (infra/services/survey.ts).
    outbox: process.env[SURVEY_ENV.outboxTable],
  });

export const surveySettings = (): SurveyServiceSettings => SurveyServiceSettings.parse(JSON.parse(requiredEnv(SURVEY_ENV.settings)));

/**
 * The secret's JSON: the key numbers are hashed with (opt-outs, caps and replies are matched by
 * the hash, never by the number), and per gateway its credentials (see services/survey/adapters/
 * gateways-config.ts).
 */
export const SurveySecrets = z.strictObject({
  phoneHashKey: z.string().min(32, 'at least 32 characters of random'),
  gateways: GatewaySecrets.default({}),
});
export type SurveySecrets = z.infer<typeof SurveySecrets>;

/** Cached for a minute, like postal's: a rotated secret is in use within a minute. */
export async function surveySecrets(): Promise<SurveySecrets> {
  const value = await getSecret(requiredEnv(SURVEY_ENV.secrets), { maxAge: 60 });
  if (typeof value !== 'string') throw new Error('the survey secrets are not a JSON string');
  return SurveySecrets.parse(JSON.parse(value));
}

export const gatewaysConfig = (): GatewaysConfig => GatewaysConfig.parse(JSON.parse(requiredEnv(SURVEY_ENV.gateways)));

/** The adapter of a configured gateway, with its credentials. */
export async function gatewayFor(config: GatewaysConfig, id: 'twilio' | 'vn-brandname'): Promise<SmsGateway> {
  const secrets = (await surveySecrets()).gateways;
  if (id === 'twilio') {
    const twilio = config.twilio;
    const token = secrets.twilio?.authTokens[0];
    if (!twilio || !token) throw new Error('the twilio gateway is not configured, or has no auth token in the survey secret');
    return twilioGateway({
      baseUrl: twilio.baseUrl,
      accountSid: twilio.accountSid,
      authToken: token,
      sender: twilio.messagingServiceSid ? { messagingServiceSid: twilio.messagingServiceSid } : { from: twilio.from! },
      statusCallbackUrl: `${config.publicBaseUrl}/surveys/sms/twilio/status`,
    });
  }
  const brandname = config['vn-brandname'];
  const apiKey = secrets['vn-brandname']?.apiKey;
  if (!brandname || !apiKey) throw new Error('the vn-brandname gateway is not configured, or has no API key in the survey secret');
  return vnBrandnameGateway({ baseUrl: brandname.baseUrl, apiKey, brandname: brandname.brandname });
}
