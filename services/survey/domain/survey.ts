import { DomainError } from '../../../libs/platform/errors.ts';
import type { SatisfactionLevel, SurveyCriteria, SurveyEventData } from '../../../libs/events/survey.ts';

/**
 * A dossier's satisfaction survey: at most one per dossier, sent once, answered once. Every reply
 * is kept; only the first readable answer, within the survey's life, counts. Pure: the clock and
 * the reading of the text (reply.ts) are passed in.
 */

export type SurveyState = 'scheduled' | 'sent' | 'answered' | 'expired' | 'suppressed';

/** How a reply was read (reply.ts `readReply`), as far as the survey is concerned. */
export type Reading =
  | { readonly kind: 'answer'; readonly level: SatisfactionLevel }
  | { readonly kind: 'opt-out' }
  | { readonly kind: 'opt-in' }
  | { readonly kind: 'unparsed'; readonly reason: string }
  | { readonly kind: string; readonly reason?: string };

/** What became of a reply. */
export type ReplyOutcome = 'counted' | 'unparsed' | 'after-answer' | 'expired' | 'opt-out' | 'opt-in' | 'not-sent';

export interface SurveyReply {
  readonly replyId: string;
  readonly at: string;
  /** As read: kept for the record, the text itself is not (it may say anything about anyone). */
  readonly reading: string;
  readonly outcome: ReplyOutcome;
}

export interface Answer {
  readonly level: SatisfactionLevel;
  readonly channel: 'sms' | 'web';
  readonly criteria?: SurveyCriteria;
  readonly at: string;
}

export interface Survey {
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  /** The receiving agency's name, as its messages say it. */
  readonly agencyName: string;
  /** Random, unguessable: the web survey's link names it. */
  readonly surveyId: string;
  readonly phoneHash: string;
  readonly state: SurveyState;
  /** Why it was not sent (opted out before it went, no mobile number). */
  readonly suppressedBecause?: 'opted_out' | 'no_mobile';
  readonly createdAt: string;
  readonly sendAfter: string;
  readonly sentAt: string | null;
  readonly expiresAt: string | null;
  readonly answer: Answer | null;
  readonly replies: readonly SurveyReply[];
  /** The one clarifying SMS after an unreadable reply: asked for (and then sent) once. */
  readonly clarificationAsked: boolean;
  readonly version: number;
}

type Owed = { [T in 'SurveyAnswered' | 'SurveyReplyUnparsed' | 'SurveyOptedOut']: { readonly type: T; readonly occurredAt: string; readonly data: SurveyEventData<T> } }[
  'SurveyAnswered' | 'SurveyReplyUnparsed' | 'SurveyOptedOut'
];

export interface SurveySettings {
  /** How long after the result is returned the survey goes (then the sending window applies). */
  readonly delayMinutes: number;
  /** How long a sent survey takes answers. */
  readonly expiresAfterDays: number;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = { delayMinutes: 60, expiresAfterDays: 7 };

export function openSurvey(
  fields: Pick<Survey, 'dossierCode' | 'agencyCode' | 'procedureCode' | 'agencyName' | 'surveyId' | 'phoneHash'>,
  { now, sendAfter }: { now: Date; sendAfter: Date },
): Survey {
  return { ...fields, state: 'scheduled', createdAt: now.toISOString(), sendAfter: sendAfter.toISOString(), sentAt: null, expiresAt: null, answer: null, replies: [], clarificationAsked: false, version: 1 };
}

/** The survey went out: from now it takes answers, until it expires. */
export function markSent(survey: Survey, at: Date, { expiresAfterDays }: Pick<SurveySettings, 'expiresAfterDays'>): Survey {
  if (survey.state !== 'scheduled') return survey;
  return { ...survey, state: 'sent', sentAt: at.toISOString(), expiresAt: new Date(at.getTime() + expiresAfterDays * 86_400_000).toISOString(), version: survey.version + 1 };
}

/** Not sent, and never will be: the number opted out, or there is no mobile to send to. */
export function suppress(survey: Survey, because: NonNullable<Survey['suppressedBecause']>): Survey {
  if (survey.state !== 'scheduled') return survey;
  return { ...survey, state: 'suppressed', suppressedBecause: because, version: survey.version + 1 };
}

/** Takes answers: sent, and not yet expired. */
export const isOpen = (survey: Survey, at: Date) => survey.state === 'sent' && survey.expiresAt !== null && at.getTime() < new Date(survey.expiresAt).getTime();

/**
 * A reply by SMS to this survey (the sender's most recent one). The first readable answer while
 * the survey is open counts and announces SurveyAnswered; anything later, or after it expired, is
 * kept and changes nothing. An unreadable reply is counted as such (SurveyReplyUnparsed) and asks
 * for one clarifying SMS, once per survey. An opt-out is announced on the survey it answered. The
 * same reply id again (the gateway retried its callback) changes nothing at all.
 */
export function receiveReply(survey: Survey, reply: { replyId: string; at: Date; reading: Reading }): { survey: Survey; events: Owed[]; clarify: boolean; outcome: ReplyOutcome | 'duplicate' } {
  if (survey.replies.some((kept) => kept.replyId === reply.replyId)) return { survey, events: [], clarify: false, outcome: 'duplicate' };
  const at = reply.at.toISOString();
  const { reading } = reply;
  const keep = (outcome: ReplyOutcome, changes: Partial<Survey> = {}): Survey => ({
    ...survey,
    ...changes,
    replies: [...survey.replies, { replyId: reply.replyId, at, reading: describe(reading), outcome }],
    version: survey.version + 1,
  });

  if (reading.kind === 'opt-out') return { survey: keep('opt-out'), events: [{ type: 'SurveyOptedOut', occurredAt: at, data: { channel: 'sms' } }], clarify: false, outcome: 'opt-out' };
  if (reading.kind === 'opt-in') return { survey: keep('opt-in'), events: [], clarify: false, outcome: 'opt-in' };
  if (survey.state === 'scheduled' || survey.state === 'suppressed') return { survey: keep('not-sent'), events: [], clarify: false, outcome: 'not-sent' };
  if (survey.state === 'answered') return { survey: keep('after-answer'), events: [], clarify: false, outcome: 'after-answer' };
  if (!isOpen(survey, reply.at)) return { survey: keep('expired', { state: 'expired' }), events: [], clarify: false, outcome: 'expired' };

  if (reading.kind === 'answer' && 'level' in reading) {
    const answer: Answer = { level: reading.level, channel: 'sms', at };
    return { survey: keep('counted', { state: 'answered', answer }), events: [{ type: 'SurveyAnswered', occurredAt: at, data: { level: reading.level, channel: 'sms' } }], clarify: false, outcome: 'counted' };
  }
  const reason = ('reason' in reading && reading.reason) || reading.kind;
  const clarify = !survey.clarificationAsked;
  return { survey: keep('unparsed', { clarificationAsked: true }), events: [{ type: 'SurveyReplyUnparsed', occurredAt: at, data: { reason } }], clarify, outcome: 'unparsed' };
}

/**
 * The web survey's submission (its signed link names the survey). The first answer counts,
 * whichever channel gave it; a second is refused, so the citizen sees it was already counted.
 */
export function answerOnWeb(survey: Survey, answer: { level: SatisfactionLevel; criteria?: SurveyCriteria }, now: Date): { survey: Survey; events: Owed[] } {
  if (survey.state === 'answered') {
    throw new DomainError('SURVEY_ALREADY_ANSWERED', 'Phiếu khảo sát này đã được trả lời, cảm ơn ông/bà', 'This survey has already been answered, thank you', null);
  }
  if (!isOpen(survey, now)) {
    throw new DomainError('SURVEY_CLOSED', 'Phiếu khảo sát đã hết hạn hoặc chưa được gửi', 'This survey is closed or was not sent', null);
  }
  const at = now.toISOString();
  return {
    survey: { ...survey, state: 'answered', answer: { ...answer, channel: 'web', at }, version: survey.version + 1 },
    events: [{ type: 'SurveyAnswered', occurredAt: at, data: { level: answer.level, channel: 'web', ...(answer.criteria ? { criteria: answer.criteria } : {}) } }],
  };
}

function describe(reading: Reading): string {
  if (reading.kind === 'answer' && 'level' in reading) return `answer:${reading.level}`;
  if ('reason' in reading && reading.reason) return `${reading.kind}:${reading.reason}`;
  return reading.kind;
}
