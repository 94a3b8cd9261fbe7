import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { shipments } from '../adapters/context.ts';
import { couldBeShipmentId, shipmentFor, shipmentView } from '../domain/views.ts';

const repository = shipments();

/**
 * GET /postal/shipments/{id} — one shipment: its derived status and history, every raw update as
 * received, the partner's references. Another agency's shipment is answered as missing.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const id = event.pathParameters?.id ?? '';
  return json(200, shipmentView(shipmentFor(couldBeShipmentId(id) ? await repository.get(id) : null, officer.agency, id)));
});
