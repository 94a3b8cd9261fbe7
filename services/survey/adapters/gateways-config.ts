import * as z from 'zod';

/**
 * Which SMS gateway sends, and where the gateways and our callbacks are (not secret: set at synth
 * from `-c motcua:smsGateways=…`, see docs/operations.md); their credentials are in the survey
 * secret (SurveySecrets.gateways). Replies and reports are accepted from every gateway configured.
 */
export const GatewaysConfig = z.strictObject({
  /** The gateway messages are sent through. */
  sender: z.enum(['twilio', 'vn-brandname']),
  /**
   * Our API's public base URL, as the gateways call it: Twilio signs the exact URL it calls, so
   * the signature is checked against this, never against Host or X-Forwarded-* headers.
   */
  publicBaseUrl: z.url().refine((url) => !url.endsWith('/'), 'without a trailing /'),
  twilio: z
    .strictObject({
      baseUrl: z.url().default('https://api.twilio.com'),
      accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'AC and 32 hex digits'),
      /** A Messaging Service (MG…, preferred) or a sender number/id. */
      messagingServiceSid: z.string().regex(/^MG[0-9a-f]{32}$/).optional(),
      from: z.string().min(1).optional(),
    })
    .refine((twilio) => !!twilio.messagingServiceSid !== !!twilio.from, 'either messagingServiceSid or from')
    .optional(),
  'vn-brandname': z.strictObject({ baseUrl: z.url(), brandname: z.string().regex(/^[A-Za-z0-9 ._-]{1,11}$/) }).optional(),
}).refine((config) => config[config.sender] !== undefined, 'the sending gateway must be configured');
export type GatewaysConfig = z.output<typeof GatewaysConfig>;

/** The survey secret's `gateways` entry of each gateway. */
export const GatewaySecrets = z.strictObject({
  twilio: z.strictObject({ authTokens: z.array(z.string().min(16)).min(1) }).optional(),
  'vn-brandname': z.strictObject({ apiKey: z.string().min(1), callbackSecrets: z.array(z.string().min(32)).min(1) }).optional(),
});
export type GatewaySecrets = z.infer<typeof GatewaySecrets>;

/**
 * Where the local SMS gateway simulator answers (npm start): the local runtime replaces this origin
 * in the functions' environment with the simulator's address. A deployment must configure its
 * gateways; synth refuses this default there.
 */
export const SMS_SIMULATOR_ORIGIN = 'http://sms-simulator.localhost';

/** Locally: Twilio's API shape played by the simulator; the public base URL is the API's own (set by the construct). */
export const LOCAL_GATEWAYS = (publicBaseUrl: string): GatewaysConfig => ({
  sender: 'twilio',
  publicBaseUrl,
  twilio: { baseUrl: `${SMS_SIMULATOR_ORIGIN}/twilio`, accountSid: `AC${'0'.repeat(31)}1`, from: 'MOTCUA' },
  'vn-brandname': { baseUrl: `${SMS_SIMULATOR_ORIGIN}/vn-brandname`, brandname: 'MOTCUA' },
});
