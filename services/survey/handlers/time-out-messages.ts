import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { scheduledHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { surveys, surveySettings } from '../adapters/context.ts';
import { policyOf } from '../adapters/settings.ts';
import { ConcurrentChange } from '../adapters/survey-repository.ts';
import { timeOut } from '../domain/message.ts';

const repository = surveys();
const policy = policyOf(surveySettings());

/**
 * Scheduled (hourly): a message the gateway took but never reported final within the timeout
 * (72 hours by default, as GOV.UK Notify does) is failed and announced. Reads the sparse pending
 * index, never the table.
 */
export const handler = scheduledHandler(async () => {
  const now = new Date();
  const stale = await repository.pendingSince(new Date(now.getTime() - policy.timeoutHours * 3_600_000));
  let timedOut = 0;
  for (const messageId of stale) {
    const message = await repository.message(messageId);
    if (!message) continue;
    const { message: next, events } = timeOut(message, now, policy);
    if (!events.length) continue;
    try {
      await repository.save({ message: { previous: message, next }, events });
      timedOut += 1;
    } catch (error) {
      // A report arrived meanwhile: it is not silent any more.
      if (!(error instanceof ConcurrentChange)) throw error;
    }
  }
  metrics.addMetric('SmsTimedOut', MetricUnit.Count, timedOut);
  logger.info('sending timeout', { candidates: stale.length, timedOut });
});
