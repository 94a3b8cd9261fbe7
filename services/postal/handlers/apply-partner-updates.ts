import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { shipments } from '../adapters/context.ts';
import { readTrackingUpdate } from '../adapters/partner.ts';
import { ConcurrentChange, type ShipmentRecord } from '../adapters/shipment-repository.ts';
import { PartnerUpdateMessage } from '../adapters/update-message.ts';
import { announcementsOf } from '../domain/announcements.ts';
import { partnerById } from '../domain/partners.ts';
import { applyUpdate, isRedelivery } from '../domain/shipment.ts';
import { shipmentOf, withShipment } from '../domain/stored-shipment.ts';

const repository = shipments();
/** A change lost to a concurrent one is read and applied again, this many times, before the message goes back to the queue. */
const ATTEMPTS = 3;

/** An update that cannot be applied as it is: retried, then parked in the DLQ (alarmed) for a person. */
class UnappliedUpdate extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'UnappliedUpdate';
  }
}

/**
 * Applies partner updates (from the webhook route and the poller) to their shipments, by the one
 * monotonic rule: every raw update is kept, the state derived from all of them, and the events
 * the change owes saved with it. A redelivered update changes nothing; a late "in transit" never
 * undoes "delivered".
 */
export const handler = messageHandler(
  PartnerUpdateMessage,
  (message) => ({ partner: message.partner, updateId: message.updateId }),
  async (message) => {
    const partner = partnerById(message.partner);
    const read = readTrackingUpdate(partner, message, message.receivedAt);
    if (!read.ok) throw new UnappliedUpdate(read.problem);
    const shipmentId = message.shipmentId ?? (await repository.shipmentOfTracking(partner.id, message.trackingNumber!));
    if (!shipmentId) {
      // A polled account can report parcels that are not ours (another system's); a webhook names our id.
      if (message.via === 'poll') return void metrics.addMetric('PolledUpdatesNotOurs', MetricUnit.Count, 1);
      throw new UnappliedUpdate('an update for a tracking number we do not hold');
    }
    for (let attempt = 1; ; attempt += 1) {
      const record = await repository.get(shipmentId);
      if (!record) throw new UnappliedUpdate('an update for a shipment we do not hold');
      if (record.partner !== partner.id) throw new UnappliedUpdate("an update from a partner for another partner's shipment");
      if (message.dossierCode !== undefined && message.dossierCode !== record.dossierCode) throw new UnappliedUpdate('an update whose dossier code is not its shipment’s');
      try {
        return await apply(record, read.update);
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attempt >= ATTEMPTS) throw error;
      }
    }
  },
);

async function apply(record: ShipmentRecord, update: Parameters<typeof applyUpdate>[1]): Promise<void> {
  if (isRedelivery(record, update)) {
    metrics.addMetric('PartnerUpdatesDuplicate', MetricUnit.Count, 1);
    return;
  }
  const { shipment, events } = applyUpdate(shipmentOf(record), update);
  await repository.save(record, withShipment(record, shipment), announcementsOf(record.direction, events));
  metrics.addMetric('PartnerUpdatesApplied', MetricUnit.Count, 1);
  logger.info('partner update applied', { shipmentId: record.shipmentId, status: shipment.state.status, events: events.map((event) => event.type) });
}
