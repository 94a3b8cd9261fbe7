import * as z from 'zod';
import { MessageKind, SatisfactionLevel, SurveyCriteria } from '../../../libs/events/survey.ts';
import { DELIVERY_STATUSES } from './gateways.ts';
import type { OutgoingMessage } from './message.ts';
import type { Survey } from './survey.ts';

/** `GET /surveys?dossierCode=`'s query. */
export const ListSurveysQuery = z.strictObject({ dossierCode: z.string().regex(/^[A-Z0-9][A-Z0-9.-]{0,63}$/, 'a dossier code') });

const MessageView = z.strictObject({
  messageId: z.string(),
  kind: MessageKind,
  status: z.enum(DELIVERY_STATUSES),
  suppressed: z.boolean(),
  text: z.string(),
  gateway: z.string().nullable(),
  attempts: z.int(),
  createdAt: z.string(),
  sendAfter: z.string().nullable(),
  sentAt: z.string().nullable(),
  reports: z.array(z.strictObject({ status: z.enum(DELIVERY_STATUSES), rawStatus: z.string(), at: z.string() })),
});

/** What an officer sees of a dossier's survey and messages: never the number, only what was sent and what came of it. */
export const SurveyView = z.strictObject({
  dossierCode: z.string(),
  survey: z
    .strictObject({
      state: z.enum(['scheduled', 'sent', 'answered', 'expired', 'suppressed']),
      suppressedBecause: z.enum(['opted_out', 'no_mobile']).optional(),
      sendAfter: z.string(),
      sentAt: z.string().nullable(),
      expiresAt: z.string().nullable(),
      answer: z.strictObject({ level: SatisfactionLevel, channel: z.enum(['sms', 'web']), criteria: SurveyCriteria.optional(), at: z.string() }).nullable(),
      replies: z.array(z.strictObject({ at: z.string(), reading: z.string(), outcome: z.string() })),
    })
    .nullable(),
  messages: z.array(MessageView),
});
export type SurveyView = z.output<typeof SurveyView>;

export function surveyView(dossierCode: string, survey: Survey | null, messages: readonly OutgoingMessage[]): SurveyView {
  return SurveyView.parse({
    dossierCode,
    survey: survey && {
      state: survey.state,
      ...(survey.suppressedBecause ? { suppressedBecause: survey.suppressedBecause } : {}),
      sendAfter: survey.sendAfter,
      sentAt: survey.sentAt,
      expiresAt: survey.expiresAt,
      answer: survey.answer,
      replies: survey.replies.map(({ at, reading, outcome }) => ({ at, reading, outcome })),
    },
    messages: [...messages]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(({ messageId, kind, status, suppressed, text, gateway, attempts, createdAt, sendAfter, sentAt, reports }) => ({ messageId, kind, status, suppressed, text, gateway, attempts, createdAt, sendAfter, sentAt, reports })),
  });
}
