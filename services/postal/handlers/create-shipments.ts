import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readDeliveryFacts } from '../../../libs/contracts/read-delivery-facts.ts';
import { eventsOf } from '../../../libs/events/catalog.ts';
import { isImportedEvent, type IntakeEvent } from '../../../libs/events/intake.ts';
import { queueHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { partnerForAgency } from '../adapters/config.ts';
import { adapterFor, partnersConfig, shipments } from '../adapters/context.ts';
import { PartnerError } from '../adapters/partner.ts';
import { ConcurrentChange, type ShipmentRecord } from '../adapters/shipment-repository.ts';
import { POSTAL_CONSUMES } from '../consumes.ts';
import { inboundPickupFor, resultShipmentFor, type ShipmentOrder } from '../domain/creation.ts';

const repository = shipments();
const config = partnersConfig();

/**
 * Intake's events postal acts on: a result to send by post when a dossier is resolved, a dossier
 * to pick up when one is filed through the postal channel. The delivery facts (who, where) are
 * read from intake at this moment and sent to the partner, never stored here. The shipment is
 * recorded first, then asked of the partner under our shipment id (the partner creates once per
 * id), then marked created with ShipmentCreated: a crash or a partner down at any point leaves a
 * message to retry that creates nothing twice. A partner down past the retries parks the message
 * in the DLQ; the dossier stays resolved; `npm run postal:retry -- --shipment <id>` asks again.
 */
export const handler = queueHandler(eventsOf(POSTAL_CONSUMES), async (event) => {
  // History loaded from the previous system (npm run import): its results were delivered long ago.
  if (isImportedEvent(event)) return;
  const order = await orderFor(event);
  if (!order) return;
  await createAtPartner(order, event);
});

async function orderFor(event: IntakeEvent): Promise<{ order: ShipmentOrder; centreName: string } | null> {
  switch (event.type) {
    case 'DossierResolved': {
      // Events from before intake said how the result goes are asked about; the rest say it.
      if (event.data.resultDelivery !== undefined && event.data.resultDelivery !== 'postal') return null;
      const facts = await factsOf(event, 'result-shipment');
      const order = resultShipmentFor(event, facts);
      return order && { order, centreName: facts.centre.name };
    }
    case 'DossierReceived': {
      if (event.data.channel !== 'postal') return null;
      const facts = await factsOf(event, 'inbound-pickup');
      const order = inboundPickupFor(event, facts);
      return order && { order, centreName: facts.centre.name };
    }
    default:
      return null;
  }
}

async function factsOf(event: IntakeEvent, purpose: 'result-shipment' | 'inbound-pickup') {
  const answer = await readDeliveryFacts({ dossierCode: event.dossierCode, purpose });
  // Intake announced this dossier: not finding it is a bug to look at (retried, then the DLQ).
  if (!answer.found) throw new Error('intake does not hold the dossier it announced');
  return answer;
}

async function createAtPartner({ order, centreName }: { order: ShipmentOrder; centreName: string }, event: IntakeEvent): Promise<void> {
  const now = new Date();
  const record = await repository.open(order, { partner: partnerForAgency(config, order.agencyCode), procedureCode: event.procedureCode, centreName, sourceEvent: { ...event } }, now);
  if (record.creation === 'created') return void logger.info('shipment already created', { shipmentId: record.shipmentId });
  const adapter = await adapterFor(config, record.partner);
  let trackingNumber: string;
  try {
    ({ trackingNumber } = await adapter.createShipment(order));
  } catch (error) {
    // Refused (not worth retrying by itself): kept on the shipment for the officer, then thrown so
    // the message parks in the DLQ (alarmed). Retryable: thrown as is, the queue retries it.
    if (error instanceof PartnerError && !error.retryable) await repository.creationFailed(record, { reason: error.reason, ...(error.status ? { status: error.status } : {}) }, now);
    throw error;
  }
  await markCreated(record.shipmentId, record, trackingNumber, now);
  metrics.addDimension('direction', order.direction);
  metrics.addMetric('ShipmentsCreated', MetricUnit.Count, 1);
  logger.info('shipment created', { shipmentId: record.shipmentId, partner: record.partner });
}

/**
 * Records the partner's tracking number on the shipment. The partner's first update can be applied
 * between its create and this save (it names our shipment id), moving the version on: the record
 * is read again and the creation saved on the new version. The same event handled twice at once
 * finds it created by the other, which is fine.
 */
async function markCreated(shipmentId: string, first: ShipmentRecord, trackingNumber: string, now: Date): Promise<void> {
  let record: ShipmentRecord | null = first;
  for (let attempt = 1; ; attempt += 1) {
    if (!record || record.creation === 'created') return;
    try {
      await repository.created(record, trackingNumber, now);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= 3) throw error;
      record = await repository.get(shipmentId);
    }
  }
}
