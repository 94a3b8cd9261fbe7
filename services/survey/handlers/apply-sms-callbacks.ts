import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { CallbackMessage } from '../adapters/callback-message.ts';
import { surveys, surveySecrets, surveySettings } from '../adapters/context.ts';
import { ConcurrentChange } from '../adapters/survey-repository.ts';
import { applyReport, newMessage, type OutgoingMessage } from '../domain/message.ts';
import { phoneHashOf } from '../domain/phone.ts';
import { readReply } from '../domain/reply.ts';
import { receiveReply, type Survey } from '../domain/survey.ts';
import { renderMessage } from '../domain/templates.ts';

const repository = surveys();
const settings = surveySettings();
/**
 * Replies from one number all change its one survey: under a flood, concurrent batches keep
 * changing it between our read and our write. Read again after a short random wait, doubling, a
 * few times (at most about a second and a quarter in all, well within the timeout with ten records
 * a batch) before the record goes back to the queue (a minute away, and only five receives
 * before the DLQ): without the wait the same racers meet again at once.
 */
const ATTEMPTS = 6;
const FIRST_WAIT_MS = 20;

/**
 * The gateways' callbacks, authenticated and queued by the routes: delivery reports move a
 * message towards its final status (in any order, each once); replies are read (reply.ts) and go
 * to the sender's latest survey, where the first readable answer counts and an unreadable one gets
 * one clarifying SMS; an opt-out or opt-in takes effect for the number at once and is confirmed.
 */
export const handler = messageHandler(
  CallbackMessage,
  (message) => ({ gateway: message.gateway, providerMessageId: message.providerMessageId }),
  async (message) => retrying(() => (message.kind === 'status' ? applyStatus(message) : applyReply(message))),
);

async function retrying(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * FIRST_WAIT_MS * 2 ** attempt));
    }
  }
}

async function applyStatus(report: Extract<CallbackMessage, { kind: 'status' }>): Promise<void> {
  const messageId = report.messageId ?? (await repository.messageOfProvider(report.gateway, report.providerMessageId));
  const message = messageId ? await repository.message(messageId) : null;
  // A report for a message we never sent: a gateway's mistake or another system's; nothing to change.
  if (!message) return void metrics.addMetric('SmsReportsForUnknownMessages', MetricUnit.Count, 1);
  // A status the gateway sends that is not about delivery (Twilio's `receiving`): kept out.
  if (report.status === null) return void metrics.addMetric('SmsReportsUnmapped', MetricUnit.Count, 1);
  const { message: next, events } = applyReport(message, { status: report.status, rawStatus: report.rawStatus, at: report.receivedAt });
  if (next === message) return;
  await repository.save({ message: { previous: message, next }, events });
}

async function applyReply(reply: Extract<CallbackMessage, { kind: 'inbound' }>): Promise<void> {
  const at = new Date(reply.receivedAt);
  const phoneHash = phoneHashOf(reply.from, (await surveySecrets()).phoneHashKey);
  const reading = readReply(reply.text);
  if (reading.kind === 'opt-out' || reading.kind === 'opt-in') await repository.setOptOut(phoneHash, reading.kind === 'opt-out', at);

  const survey = await repository.latestSurveyOf(phoneHash);
  if (!survey) {
    logger.info('reply from a number with no survey', { reading: reading.kind });
    return void metrics.addMetric('SmsRepliesWithoutSurvey', MetricUnit.Count, 1);
  }
  const replyId = `${reply.gateway}:${reply.providerMessageId}`;
  const result = receiveReply(survey, { replyId, at, reading });
  if (result.outcome === 'duplicate') return void metrics.addMetric('SmsRepliesDuplicate', MetricUnit.Count, 1);
  const follow = followUp(result.survey, result.outcome, result.clarify, replyId, at);
  await repository.save({ survey: { previous: survey, next: result.survey }, events: result.events, newMessages: follow });
  metrics.addMetric(`SurveyReplies${result.outcome === 'counted' ? 'Counted' : 'NotCounted'}`, MetricUnit.Count, 1);
  logger.info('reply applied', { dossierCode: survey.dossierCode, outcome: result.outcome });
}

/** The one clarifying SMS after an unreadable reply, and the confirmation of an opt-out or opt-in. */
function followUp(survey: Survey, outcome: string, clarify: boolean, replyId: string, at: Date): OutgoingMessage[] {
  const kind = clarify ? 'survey-clarify' : outcome === 'opt-out' ? 'opted-out' : outcome === 'opt-in' ? 'opted-in' : null;
  if (!kind || !settings.messages[kind]) return [];
  const rendered = renderMessage(kind, { agency: survey.agencyName, code: survey.dossierCode });
  const messageId = kind === 'survey-clarify' ? `MSG-${survey.dossierCode}-survey-clarify` : `MSG-${survey.dossierCode}-${kind}-${replyId}`;
  // A confirmation of an opt-out goes even to the number that just opted out: it is the last one.
  return [
    newMessage(
      { messageId, dossierCode: survey.dossierCode, agencyCode: survey.agencyCode, procedureCode: survey.procedureCode, kind, phoneHash: survey.phoneHash, text: rendered.text, segments: rendered.segments },
      { now: at, earliest: at, window: settings.window },
    ),
  ];
}
