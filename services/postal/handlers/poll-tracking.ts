import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { scheduledHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics, tracer } from '../../../libs/platform/powertools.ts';
import { adapterFor, partnersConfig, shipments } from '../adapters/context.ts';
import { POSTAL_ENV } from '../adapters/environment.ts';
import type { PartnerAdapter, RawTrackingUpdate } from '../adapters/partner.ts';
import { messageOfPolled } from '../adapters/update-message.ts';
import { PARTNERS } from '../domain/partners.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const queueUrl = requiredEnv(POSTAL_ENV.updatesQueue);
const repository = shipments();
const config = partnersConfig();
/** Pages read per partner per run: a backlog is read over several runs rather than past the function's timeout. */
const MAX_PAGES = 20;

const polled = PARTNERS.filter((partner) => partner.kind === 'polled' && partner.id in config.partners).map((partner) => partner.id);

/**
 * Scheduled: reads each polled partner's tracking since its cursor and queues every row for the
 * same consumer that applies webhooks. The cursor moves only after a page's rows are queued, so
 * a crash re-reads a page (its rows are duplicates, which change nothing) and never skips one.
 */
export const handler = scheduledHandler(async () => {
  for (const partnerId of polled) {
    const adapter = await adapterFor(config, partnerId);
    const queued = await poll(partnerId, adapter);
    metrics.addMetric('PolledUpdatesQueued', MetricUnit.Count, queued);
    logger.info('tracking polled', { partner: partnerId, queued });
  }
});

async function poll(partnerId: string, adapter: PartnerAdapter): Promise<number> {
  let cursor = await repository.cursor(partnerId);
  let queued = 0;
  for (let pages = 0; pages < MAX_PAGES; pages += 1) {
    const page = await adapter.trackingSince(cursor);
    await enqueue(page.updates, new Date());
    queued += page.updates.length;
    if (page.nextCursor !== null && page.nextCursor !== cursor) {
      cursor = page.nextCursor;
      await repository.saveCursor(partnerId, cursor, new Date());
    }
    if (!page.more) break;
  }
  return queued;
}

async function enqueue(updates: readonly RawTrackingUpdate[], receivedAt: Date): Promise<void> {
  for (let start = 0; start < updates.length; start += 10) {
    const entries = updates.slice(start, start + 10).map((update, index) => ({ Id: String(index), MessageBody: JSON.stringify(messageOfPolled(update, receivedAt)) }));
    const { Failed = [] } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    // The cursor must not move past a row that was not queued: fail the run, the next one reads the page again.
    if (Failed.length) throw new Error(`${Failed.length} polled updates could not be queued (${Failed[0]!.Code})`);
  }
}
