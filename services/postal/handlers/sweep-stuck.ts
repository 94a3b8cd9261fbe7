import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { scheduledHandler } from '../../../libs/platform/batch.ts';
import { requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { shipments } from '../adapters/context.ts';
import { POSTAL_ENV } from '../adapters/environment.ts';
import { ConcurrentChange } from '../adapters/shipment-repository.ts';
import { shipmentOf, withShipment } from '../domain/stored-shipment.ts';
import { sweep } from '../domain/stuck.ts';

const repository = shipments();
const stuckAfterMs = Number(requiredEnv(POSTAL_ENV.stuckAfterHours)) * 3_600_000;

/**
 * Scheduled: flags shipments on their way that nobody has heard of for the configured time
 * (ShipmentStuck, once per silence). Reads the sparse quiet index, never the table.
 */
export const handler = scheduledHandler(async () => {
  const now = new Date();
  const candidates = await repository.quietSince(new Date(now.getTime() - stuckAfterMs).toISOString());
  let flagged = 0;
  for (const shipmentId of candidates) {
    const record = await repository.get(shipmentId);
    if (!record) continue;
    const { shipment, events } = sweep(shipmentOf(record), now, { stuckAfterMs });
    if (!events.length) continue;
    try {
      await repository.save(record, withShipment(record, shipment), events);
      flagged += 1;
    } catch (error) {
      // An update arrived meanwhile: it is not silent any more.
      if (!(error instanceof ConcurrentChange)) throw error;
    }
  }
  metrics.addMetric('ShipmentsFlaggedStuck', MetricUnit.Count, flagged);
  logger.info('stuck sweep', { candidates: candidates.length, flagged });
});
