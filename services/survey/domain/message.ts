import type { MessageKind, SurveyEventData } from '../../../libs/events/survey.ts';
import { nextDayOpening, nextSendingInstant, type SendingWindow } from './sending-window.ts';

/**
 * One SMS to a citizen: decided on an event, sent inside the window unless the number opted out or
 * reached its daily cap, retried by policy when the gateway fails, and followed by the gateway's
 * delivery reports through one vocabulary to a final status. Pure: clock and facts passed in.
 */

import { DELIVERY_STATUSES, type DeliveryStatus } from './gateways.ts';

export { DELIVERY_STATUSES, type DeliveryStatus };

/**
 * Reports arrive out of order and twice: the status is the highest ranked of all reports, so it
 * never moves back and the order of arrival does not matter. Among final statuses delivered ranks
 * highest (the handset confirmed it; a contradicting failure report was about an earlier try).
 */
export const DELIVERY_RANK: Readonly<Record<DeliveryStatus, number>> = { queued: 0, sending: 1, sent: 2, failed: 3, undelivered: 4, delivered: 5 };
const RANK = DELIVERY_RANK;
export const isFinal = (status: DeliveryStatus): boolean => RANK[status] >= RANK.failed;

export interface StatusReport {
  readonly status: DeliveryStatus;
  /** The gateway's own code, as sent. */
  readonly rawStatus: string;
  readonly at: string;
}

export interface OutgoingMessage {
  /** Ours: `MSG-<dossierCode>-<kind>[-n]`, the gateway's idempotency key. */
  readonly messageId: string;
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly kind: MessageKind;
  readonly phoneHash: string;
  readonly text: string;
  readonly segments: number;
  readonly status: DeliveryStatus;
  /** Not sent, and never will be: the number opted out. */
  readonly suppressed: boolean;
  readonly gateway: string | null;
  readonly providerMessageId: string | null;
  readonly attempts: number;
  /** When the sender may next try (inside the window, after a cap or a failure's backoff); null once handed over or given up. */
  readonly sendAfter: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly reports: readonly StatusReport[];
  readonly version: number;
}

export type MessageEvent = { [T in 'SmsSent' | 'SmsDeliveryFailed']: { readonly type: T; readonly occurredAt: string; readonly data: SurveyEventData<T> } }['SmsSent' | 'SmsDeliveryFailed'];

export interface SendingPolicy {
  readonly window: SendingWindow;
  /** Messages per number per local day, all kinds together, answers to the citizen's own SMS aside (`answersCitizen`). */
  readonly dailyCap: number;
  /** Attempts at the gateway before the message is given up. */
  readonly maxAttempts: number;
  /** The wait after the n-th failed attempt: base × 2^(n−1), capped. */
  readonly retryBaseMinutes: number;
  readonly retryMaxMinutes: number;
  /** A message still `sending`/`sent` without a final report after this long is timed out. */
  readonly timeoutHours: number;
}

export const DEFAULT_POLICY: SendingPolicy = { window: { from: '07:00', to: '21:00' }, dailyCap: 3, maxAttempts: 5, retryBaseMinutes: 1, retryMaxMinutes: 60, timeoutHours: 72 };

export function newMessage(fields: Pick<OutgoingMessage, 'messageId' | 'dossierCode' | 'agencyCode' | 'procedureCode' | 'kind' | 'phoneHash' | 'text' | 'segments'>, { now, earliest, window }: { now: Date; earliest: Date; window: SendingWindow }): OutgoingMessage {
  return {
    ...fields,
    status: 'queued',
    suppressed: false,
    gateway: null,
    providerMessageId: null,
    attempts: 0,
    sendAfter: nextSendingInstant(earliest, window).toISOString(),
    createdAt: now.toISOString(),
    sentAt: null,
    reports: [],
    version: 1,
  };
}

/**
 * The messages that answer an SMS the citizen just sent (the one clarification a survey asks for,
 * the confirmation of an opt-out or opt-in): the daily cap is against texting a number unasked, and
 * a number that got its three messages of the day (received, result ready, survey) would otherwise
 * get the answer to its reply only the next day. They are not counted against the cap either.
 */
export const answersCitizen = (message: Pick<OutgoingMessage, 'kind'>) => message.kind === 'survey-clarify' || message.kind === 'opted-out' || message.kind === 'opted-in';

/** What the sender does with a due message now. */
export type SendDecision = { readonly action: 'send' } | { readonly action: 'wait'; readonly until: Date; readonly why: 'window' | 'daily_cap' } | { readonly action: 'suppress' };

export function decideSend(message: OutgoingMessage, facts: { now: Date; optedOut: boolean; sentToday: number }, policy: SendingPolicy): SendDecision {
  // Opt-out is checked at the last moment: a number may opt out between the decision and the send.
  // The confirmation of the opt-out itself is the one message that still goes.
  if (facts.optedOut && message.kind !== 'opted-out') return { action: 'suppress' };
  const inWindow = nextSendingInstant(facts.now, policy.window);
  if (inWindow.getTime() !== facts.now.getTime()) return { action: 'wait', until: inWindow, why: 'window' };
  if (facts.sentToday >= policy.dailyCap && !answersCitizen(message)) return { action: 'wait', until: nextDayOpening(facts.now, policy.window), why: 'daily_cap' };
  return { action: 'send' };
}

export function suppressMessage(message: OutgoingMessage): OutgoingMessage {
  return { ...message, suppressed: true, sendAfter: null, version: message.version + 1 };
}

export function waitUntil(message: OutgoingMessage, until: Date): OutgoingMessage {
  return { ...message, sendAfter: until.toISOString(), version: message.version + 1 };
}

/** The gateway took it: it is `sending` (or whatever it answered) until reports say more. */
export function handedOver(message: OutgoingMessage, sent: { gateway: string; providerMessageId: string; status: DeliveryStatus; rawStatus: string }, now: Date): { message: OutgoingMessage; events: MessageEvent[] } {
  const at = now.toISOString();
  const handed: OutgoingMessage = {
    ...message,
    gateway: sent.gateway,
    providerMessageId: sent.providerMessageId,
    attempts: message.attempts + 1,
    sendAfter: null,
    sentAt: at,
    status: RANK[sent.status] >= RANK.sending ? sent.status : 'sending',
    reports: [...message.reports, { status: sent.status, rawStatus: sent.rawStatus, at }],
    version: message.version + 1,
  };
  const events: MessageEvent[] = [{ type: 'SmsSent', occurredAt: at, data: { messageId: message.messageId, kind: message.kind, gateway: sent.gateway, segments: message.segments } }];
  return { message: handed, events: [...events, ...failureOf(message, handed, at, 'reported')] };
}

/**
 * The gateway failed to take it. A failure worth retrying waits (exponential, capped) until the
 * attempts are spent; then, or at once for a refusal, the message is failed and announced.
 */
export function sendFailed(message: OutgoingMessage, failure: { retryable: boolean }, now: Date, policy: SendingPolicy): { message: OutgoingMessage; events: MessageEvent[] } {
  const attempts = message.attempts + 1;
  const at = now.toISOString();
  if (failure.retryable && attempts < policy.maxAttempts) {
    const waitMinutes = Math.min(policy.retryMaxMinutes, policy.retryBaseMinutes * 2 ** (attempts - 1));
    const retryAt = nextSendingInstant(new Date(now.getTime() + waitMinutes * 60_000), policy.window);
    return { message: { ...message, attempts, sendAfter: retryAt.toISOString(), version: message.version + 1 }, events: [] };
  }
  const failed: OutgoingMessage = { ...message, attempts, sendAfter: null, status: 'failed', version: message.version + 1 };
  return { message: failed, events: [{ type: 'SmsDeliveryFailed', occurredAt: at, data: { messageId: message.messageId, kind: message.kind, status: 'failed', reason: failure.retryable ? 'retries_exhausted' : 'gateway_refused' } }] };
}

/**
 * A delivery report. Every report is kept (the officer sees them); the status moves only forward
 * and a final one stays. A report of `failed`/`undelivered` that makes the message final announces
 * SmsDeliveryFailed once. The same report twice (a retried callback) changes nothing.
 */
export function applyReport(message: OutgoingMessage, report: StatusReport): { message: OutgoingMessage; events: MessageEvent[] } {
  if (message.reports.some((kept) => kept.status === report.status && kept.rawStatus === report.rawStatus && kept.at === report.at)) return { message, events: [] };
  const moves = RANK[report.status] > RANK[message.status];
  const next: OutgoingMessage = { ...message, status: moves ? report.status : message.status, reports: [...message.reports, report], version: message.version + 1 };
  return { message: next, events: failureOf(message, next, report.at, 'reported') };
}

/** Still not final long after it went: the gateway will not tell us more. Failed, and announced. */
export function timeOut(message: OutgoingMessage, now: Date, policy: Pick<SendingPolicy, 'timeoutHours'>): { message: OutgoingMessage; events: MessageEvent[] } {
  if (isFinal(message.status) || message.sentAt === null) return { message, events: [] };
  if (now.getTime() - new Date(message.sentAt).getTime() < policy.timeoutHours * 3_600_000) return { message, events: [] };
  const at = now.toISOString();
  const next: OutgoingMessage = { ...message, status: 'failed', reports: [...message.reports, { status: 'failed', rawStatus: 'timeout', at }], version: message.version + 1 };
  return { message: next, events: [{ type: 'SmsDeliveryFailed', occurredAt: at, data: { messageId: message.messageId, kind: message.kind, status: 'failed', reason: 'timed_out' } }] };
}

/** The failure is announced once: when the message first becomes failed or undelivered. */
function failureOf(before: OutgoingMessage, after: OutgoingMessage, at: string, reason: 'reported'): MessageEvent[] {
  if (isFinal(before.status) || (after.status !== 'failed' && after.status !== 'undelivered')) return [];
  return [{ type: 'SmsDeliveryFailed', occurredAt: at, data: { messageId: after.messageId, kind: after.kind, status: after.status, reason } }];
}
