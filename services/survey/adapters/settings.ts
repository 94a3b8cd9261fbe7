import * as z from 'zod';
import { DEFAULT_POLICY, type SendingPolicy } from '../domain/message.ts';
import { DEFAULT_WINDOW, SendingWindow } from '../domain/sending-window.ts';
import { MessageSettings, SMS_LINK_MAX_LENGTH } from '../domain/templates.ts';

/** The token of a web-survey link: 12 random bytes in base64url (96 bits), so that the link fits an SMS. */
export const SURVEY_TOKEN_LENGTH = 16;
/** The path of the web survey under `linkBase`: `<linkBase>/s/<token>`. */
export const SURVEY_PATH = '/s/';

/** Links in an SMS: https (plain http only for this machine's loopback, where the local runtime serves). */
const linkBase = z
  .url()
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(url), 'https, or http on the loopback for local use')
  .refine((url) => !url.endsWith('/'), 'without a trailing /')
  .refine((url) => url.length + SURVEY_PATH.length + SURVEY_TOKEN_LENGTH <= SMS_LINK_MAX_LENGTH, `short enough for <base>/s/<16-character token> to fit ${SMS_LINK_MAX_LENGTH} characters`);

/**
 * The survey service's settings (set at synth from `-c motcua:survey=…`, see docs/operations.md):
 * when surveys and messages go, how often a number may be texted, how long answers are taken and
 * numbers kept, and which citizen messages are on.
 */
export const SurveyServiceSettings = z.strictObject({
  /** The public base of the short links in SMS: the web survey is `<linkBase>/s/<token>`. */
  linkBase,
  /** The link of citizen messages (the portal's lookup page); default `linkBase`. */
  lookupLink: z.string().max(SMS_LINK_MAX_LENGTH).optional(),
  surveyDelayMinutes: z.int().min(0).max(7 * 24 * 60).default(60),
  surveyExpiresAfterDays: z.int().min(1).max(90).default(7),
  window: SendingWindow.default(DEFAULT_WINDOW),
  dailyCapPerNumber: z.int().min(1).max(50).default(DEFAULT_POLICY.dailyCap),
  maxAttempts: z.int().min(1).max(20).default(DEFAULT_POLICY.maxAttempts),
  sendingTimeoutHours: z.int().min(1).max(30 * 24).default(DEFAULT_POLICY.timeoutHours),
  /** How long a citizen's number is kept after the event that needed it (then deleted; opt-outs stay as keyed hashes). */
  phoneRetentionDays: z.int().min(1).max(365).default(30),
  messages: MessageSettings.default(MessageSettings.parse({})),
});
export type SurveyServiceSettings = z.output<typeof SurveyServiceSettings>;

export function policyOf(settings: SurveyServiceSettings): SendingPolicy {
  return {
    ...DEFAULT_POLICY,
    window: settings.window,
    dailyCap: settings.dailyCapPerNumber,
    maxAttempts: settings.maxAttempts,
    timeoutHours: settings.sendingTimeoutHours,
  };
}
