import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { scheduledHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { gatewayFor, gatewaysConfig, surveys, surveySettings } from '../adapters/context.ts';
import { GatewayError } from '../adapters/gateway.ts';
import { policyOf } from '../adapters/settings.ts';
import { ConcurrentChange } from '../adapters/survey-repository.ts';
import { answersCitizen, decideSend, handedOver, sendFailed, suppressMessage, waitUntil, type OutgoingMessage } from '../domain/message.ts';
import { markSent, suppress } from '../domain/survey.ts';

const repository = surveys();
const settings = surveySettings();
const policy = policyOf(settings);
const config = gatewaysConfig();
/** How long a claimed message is left alone by other runs while this one sends it. */
const LEASE_MS = 5 * 60_000;

/**
 * Scheduled (every minute): sends the messages that are due, from the sparse due index. Each is
 * claimed first (moved out of reach for a few minutes, conditionally on its version), so two runs
 * never send it both; then the last checks (opt-out, window, the number's daily cap) and the send;
 * then the outcome and its event in one transaction with the day's count.
 */
export const handler = scheduledHandler(async () => {
  const now = new Date();
  const due = await repository.due(now);
  const outcomes: Record<string, number> = {};
  for (const messageId of due) {
    const outcome = await sendOne(messageId, new Date()).catch((error: unknown) => {
      if (error instanceof ConcurrentChange) return 'raced';
      throw error;
    });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  for (const [outcome, count] of Object.entries(outcomes)) metrics.addMetric(`Sms${outcome[0]!.toUpperCase()}${outcome.slice(1)}`, MetricUnit.Count, count);
  if (due.length) logger.info('due messages', { due: due.length, ...outcomes });
});

async function sendOne(messageId: string, now: Date): Promise<string> {
  const message = await repository.message(messageId);
  if (!message || message.sendAfter === null || new Date(message.sendAfter) > now) return 'skipped';
  const decision = decideSend(message, { now, optedOut: await repository.optedOut(message.phoneHash), sentToday: await repository.sentToday(message.phoneHash, now) }, policy);
  if (decision.action === 'suppress') return suppressed(message, 'opted_out');
  if (decision.action === 'wait') {
    await repository.save({ message: { previous: message, next: waitUntil(message, decision.until) }, events: [] });
    return decision.why === 'daily_cap' ? 'capped' : 'waiting';
  }
  const phone = await repository.contact(message.dossierCode, now);
  // The number's retention ended before the message could go: it is not sent.
  if (!phone) return suppressed(message, 'no_mobile');

  const claimed = waitUntil(message, new Date(now.getTime() + LEASE_MS));
  await repository.save({ message: { previous: message, next: claimed }, events: [] });
  const held = { ...claimed, version: message.version + 1 };
  const gateway = await gatewayFor(config, config.sender);
  try {
    const sent = await gateway.send({ messageId, to: phone, text: message.text });
    const { message: next, events } = handedOver(held, { gateway: gateway.gateway.id, ...sent }, new Date());
    const survey = message.kind === 'survey' ? await repository.survey(message.dossierCode) : null;
    await repository.save({
      message: { previous: held, next },
      events,
      ...(answersCitizen(message) ? {} : { countSentFor: { phoneHash: message.phoneHash, at: now, cap: policy.dailyCap } }),
      ...(survey ? { survey: { previous: survey, next: markSent(survey, new Date(), { expiresAfterDays: settings.surveyExpiresAfterDays }) } } : {}),
    });
    return 'sent';
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    // A timeout or 5xx may have been sent (Twilio has no idempotency key): retried all the same,
    // since a lost survey is worse than a rare duplicate text; the brandname gateway deduplicates.
    const { message: next, events } = sendFailed(held, { retryable: error.retryable }, new Date(), policy);
    await repository.save({ message: { previous: held, next }, events });
    logger.warn('gateway failed', { messageId, reason: error.reason, status: error.status, code: error.providerCode, final: next.status === 'failed' });
    return next.status === 'failed' ? 'failed' : 'retrying';
  }
}

async function suppressed(message: OutgoingMessage, because: 'opted_out' | 'no_mobile'): Promise<string> {
  const survey = message.kind === 'survey' ? await repository.survey(message.dossierCode) : null;
  await repository.save({ message: { previous: message, next: suppressMessage(message) }, events: [], ...(survey ? { survey: { previous: survey, next: suppress(survey, because) } } : {}) });
  return because === 'opted_out' ? 'suppressed' : 'unreachable';
}
