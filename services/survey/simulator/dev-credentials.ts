import type { SurveySecrets } from '../adapters/context.ts';
import { LOCAL_GATEWAYS } from '../adapters/gateways-config.ts';

/**
 * The development credentials of the local SMS gateway simulator: public on purpose (printed by
 * `npm start`, written in docs/sms-gateways.md), so that a person or a tool can sign a reply or a
 * report for the local system. Never valid in test or production: a deployment reads its own from
 * Secrets Manager, and the local runtime serves exactly these as the survey secret's value
 * (infra/local/dev-secrets.ts, the name `survey`).
 */

/** The account the local gateways configuration names (LOCAL_GATEWAYS): the simulator accepts only it. */
export const DEV_TWILIO_ACCOUNT_SID = LOCAL_GATEWAYS('http://127.0.0.1').twilio!.accountSid;

/** 32 hex digits like a real Auth Token: the first half of SHA-256("motcua-sms-simulator-development-token"). */
export const DEV_TWILIO_AUTH_TOKEN = 'bc8fcfa0680f7db463383909f433f09f';

/** What our brandname adapter calls the simulator with (`Authorization: Bearer …`). */
export const DEV_BRANDNAME_API_KEY = 'motcua-dev-vn-brandname-api-key';

/** The secret path segment of the brandname callback URLs (base64url alphabet, ≥ 32 characters). */
export const DEV_BRANDNAME_CALLBACK_SECRET = 'motcua-dev-vn-brandname-callback-secret';

/** The key numbers are hashed with locally. */
export const DEV_PHONE_HASH_KEY = 'motcua-dev-phone-hash-key-valid-on-this-machine-only';

/** The value of the survey secret locally, in the shape the handlers read (SurveySecrets). */
export function devSurveySecrets(): SurveySecrets {
  return {
    phoneHashKey: DEV_PHONE_HASH_KEY,
    gateways: {
      twilio: { authTokens: [DEV_TWILIO_AUTH_TOKEN] },
      'vn-brandname': { apiKey: DEV_BRANDNAME_API_KEY, callbackSecrets: [DEV_BRANDNAME_CALLBACK_SECRET] },
    },
  };
}
