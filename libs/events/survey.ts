import * as z from 'zod';
import { catalogOf } from './envelope.ts';

/**
 * The survey service's events. Survey owns this file; consumers (reporting) import it. No phone
 * number in any of them: a number is kept only while a message needs it, and never leaves the
 * survey service. `sequence` is the version of the aggregate: the dossier's survey for answers,
 * unreadable replies and opt-outs, the message for sends and delivery failures.
 */

/** The three levels citizens answer with (DOMAIN.md "Satisfaction"). */
export const SatisfactionLevel = z.enum(['very-satisfied', 'satisfied', 'not-satisfied']);
export type SatisfactionLevel = z.infer<typeof SatisfactionLevel>;

/**
 * What only the citizen can judge of the Circular 01/2018/TT-VPCP criteria, asked on the web
 * survey: the staff's attitude, and how many times they had to come (2/1/0 points each); null
 * where the citizen did not say.
 */
export const SurveyCriteria = z.object({
  staffAttitude: z.enum(['courteous', 'acceptable', 'discourteous']).nullable(),
  visits: z.enum(['one', 'two', 'three-or-more']).nullable(),
});
export type SurveyCriteria = z.infer<typeof SurveyCriteria>;

/** Which message: the survey, its one clarification, or a citizen message on the dossier's life. */
export const MessageKind = z.enum(['survey', 'survey-clarify', 'received', 'supplement-requested', 'result-ready', 'refused', 'apology', 'opted-out', 'opted-in']);
export type MessageKind = z.infer<typeof MessageKind>;

const MessageRef = z.object({ messageId: z.string().min(1), kind: MessageKind });

const eventData = {
  /** The first readable answer to a dossier's survey: the one that counts. */
  SurveyAnswered: z.object({ level: SatisfactionLevel, channel: z.enum(['sms', 'web', 'imported']), criteria: SurveyCriteria.optional() }),
  /** A message was accepted by the gateway. */
  SmsSent: MessageRef.extend({ gateway: z.string().min(1), segments: z.number().int().positive() }),
  /** A message did not reach the citizen: refused by the gateway, reported failed or undelivered, or never confirmed in time. */
  SmsDeliveryFailed: MessageRef.extend({ status: z.enum(['failed', 'undelivered']), reason: z.enum(['gateway_refused', 'reported', 'timed_out', 'retries_exhausted']) }),
  /** A reply to the survey that could not be read as an answer (counted as such; one clarifying SMS at most). */
  SurveyReplyUnparsed: z.object({ reason: z.string().min(1) }),
  /** The citizen asked for no more messages; the dossier is the one whose survey they replied to. */
  SurveyOptedOut: z.object({ channel: z.literal('sms') }),
} as const;

export type SurveyEventType = keyof typeof eventData;
export const SURVEY_EVENT_TYPES = Object.keys(eventData) as SurveyEventType[];

/** Every survey event schema, by type (version 1). */
export const SURVEY_EVENTS = catalogOf(eventData);
export type SurveyEventData<T extends SurveyEventType> = z.infer<(typeof eventData)[T]>;
export type SurveyEvent = { [T in SurveyEventType]: z.infer<(typeof SURVEY_EVENTS)[T]> }[SurveyEventType];
