import { randomBytes } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readDeliveryFacts } from '../../../libs/contracts/read-delivery-facts.ts';
import { eventsOf, type DomainEvent } from '../../../libs/events/catalog.ts';
import { isImportedEvent } from '../../../libs/events/intake.ts';
import { queueHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { surveys, surveySecrets, surveySettings } from '../adapters/context.ts';
import { SURVEY_PATH } from '../adapters/settings.ts';
import { SURVEY_CONSUMES } from '../consumes.ts';
import { newMessage, type OutgoingMessage } from '../domain/message.ts';
import { phoneHashOf, toE164 } from '../domain/phone.ts';
import { nextSendingInstant } from '../domain/sending-window.ts';
import { openSurvey, type Survey } from '../domain/survey.ts';
import { messageForEvent, renderMessage, type PlannedMessage } from '../domain/templates.ts';

const repository = surveys();
const settings = surveySettings();
const lookupLink = settings.lookupLink ?? settings.linkBase;

/** A result in the citizen's hands: at the counter (intake) or by post (postal, and intake after it). */
const RETURNED = new Set(['DossierResultReturned', 'ShipmentDelivered']);

/**
 * The bus events survey declared, turned into what the citizen is to receive: one survey per
 * dossier once its result is returned, and the messages on its life that are switched on. The
 * number is read from intake at this moment and kept only for the retention period; the message's
 * text is fixed now (one GSM-7 segment), and the sender sends it inside the window. Planned once:
 * a redelivered event finds its messages there.
 */
export const handler = queueHandler(eventsOf(SURVEY_CONSUMES), async (event) => {
  // History loaded from the previous system (npm run import): nobody is to be texted about it.
  if (isImportedEvent(event)) return;
  const returned = RETURNED.has(event.type);
  const facts = await readDeliveryFacts({ dossierCode: event.dossierCode, purpose: 'survey' });
  // Intake announced it: not holding it is a bug to look at (retried, then the DLQ).
  if (!facts.found) throw new Error('intake does not hold the dossier it announced');
  const phone = toE164(facts.applicant.phone);
  if (!phone) return void metrics.addMetric('CitizensWithoutMobile', MetricUnit.Count, 1);
  const now = new Date();
  const phoneHash = phoneHashOf(phone, (await surveySecrets()).phoneHashKey);
  const context = { agencyName: facts.centre.name, lookupLink };
  const owner = { dossierCode: event.dossierCode, agencyCode: event.agencyCode, procedureCode: event.procedureCode, phoneHash };

  let survey: Survey | undefined;
  const planned: { id: string; plan: PlannedMessage; earliest: Date }[] = [];
  if (returned) {
    const surveyId = randomBytes(12).toString('base64url');
    const sendAfter = nextSendingInstant(new Date(now.getTime() + settings.surveyDelayMinutes * 60_000), settings.window);
    survey = openSurvey({ ...owner, agencyName: context.agencyName, surveyId }, { now, sendAfter });
    const link = `${settings.linkBase}${SURVEY_PATH}${surveyId}`;
    planned.push({ id: `MSG-${event.dossierCode}-survey`, plan: { kind: 'survey', values: { agency: context.agencyName, code: event.dossierCode, link } }, earliest: sendAfter });
  } else {
    const plan = messageForEvent(event as Extract<DomainEvent, { type: Parameters<typeof messageForEvent>[0]['type'] }>, context, settings.messages);
    if (plan) planned.push({ id: `MSG-${event.dossierCode}-${plan.kind}-${event.sequence}`, plan, earliest: now });
  }
  if (!planned.length) return;

  const messages: OutgoingMessage[] = planned.map(({ id, plan, earliest }) => {
    const rendered = renderMessage(plan.kind, plan.values, plan.variant === undefined ? {} : { variant: plan.variant });
    return newMessage({ ...owner, messageId: id, kind: plan.kind, text: rendered.text, segments: rendered.segments }, { now, earliest, window: settings.window });
  });
  const retainUntil = new Date(now.getTime() + settings.phoneRetentionDays * 86_400_000);
  const outcome = await repository.plan({ dossierCode: event.dossierCode, phone, retainUntil, survey, agencyName: context.agencyName, messages });
  logger.info('messages planned', { outcome, kinds: messages.map((message) => message.kind) });
  if (outcome === 'planned') metrics.addMetric(returned ? 'SurveysPlanned' : 'MessagesPlanned', MetricUnit.Count, 1);
});
