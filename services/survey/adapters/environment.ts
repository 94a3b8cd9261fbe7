/**
 * The environment variables survey's handlers read, named once: the CDK construct binds
 * resources under these names (infra/services/survey.ts) and the adapters read them.
 */
export const SURVEY_ENV = {
  surveysTable: 'SURVEYS_TABLE',
  outboxTable: 'SURVEY_OUTBOX_TABLE',
  callbacksQueue: 'SMS_CALLBACKS_QUEUE_URL',
  /** The Secrets Manager secret: the phone-hash key, the web-link key, each gateway's credentials (SurveySecrets). */
  secrets: 'SURVEY_SECRETS_ARN',
  /** JSON: which gateway sends, where it is, the public base URL of our callbacks (GatewaysConfig). */
  gateways: 'SMS_GATEWAYS',
  /** JSON: SurveyServiceSettings (delays, window, cap, expiry, retention, messages on or off). */
  settings: 'SURVEY_SETTINGS',
} as const;
