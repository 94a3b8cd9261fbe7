import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json, jsonBody } from '../../../libs/platform/http.ts';
import { logger } from '../../../libs/platform/powertools.ts';
import { shipments } from '../adapters/context.ts';
import type { ShipmentRecord } from '../adapters/shipment-repository.ts';
import { decideHandover, HandoverRequest, newHandoverSuffix } from '../domain/handover.ts';

const repository = shipments();
/** A shipment changed between the read and the write (a partner update), or the random id was taken: read and decide again. */
const ATTEMPTS = 3;

/**
 * POST /postal/handovers — the hand-over minutes of a batch of results to the partner's staff:
 * recorded once, each shipment on one minutes only, answered with the record (print it from
 * GET /postal/handovers/{id}).
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const input = jsonBody(event, HandoverRequest);
  for (let attempt = 1; ; attempt += 1) {
    const found = (await Promise.all(input.shipmentIds.map((id) => repository.get(id)))).filter((shipment): shipment is ShipmentRecord => shipment !== null);
    const handover = decideHandover(input, found, officer, new Date(), newHandoverSuffix());
    const inOrder = handover.shipments.map((line) => found.find((shipment) => shipment.shipmentId === line.shipmentId)!);
    if (await repository.recordHandover(handover, inOrder)) {
      logger.info('hand-over recorded', { handoverId: handover.handoverId, shipments: handover.totals.count });
      return json(201, handover, { location: `/postal/handovers/${handover.handoverId}` });
    }
    if (attempt >= ATTEMPTS) throw new Error('hand-over: shipments kept changing while being recorded');
  }
});
