import { officerOf } from '../../../libs/platform/auth.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { logger } from '../../../libs/platform/powertools.ts';
import { shipments } from '../adapters/context.ts';
import { ConcurrentChange } from '../adapters/shipment-repository.ts';
import { confirmReceivedAtCentre } from '../domain/received-at-centre.ts';
import { couldBeShipmentId, shipmentFor, shipmentView } from '../domain/views.ts';

const repository = shipments();

/**
 * POST /postal/shipments/{id}/received — an officer confirms that a dossier the partner picked up
 * from the citizen reached the centre. Once: a repeat answers the first confirmation.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const id = event.pathParameters?.id ?? '';
  const found = shipmentFor(couldBeShipmentId(id) ? await repository.get(id) : null, officer.agency, id);
  const { shipment, changed } = confirmReceivedAtCentre(found, officer, new Date());
  if (!changed) return json(200, shipmentView(shipment));
  try {
    const saved = await repository.save(found, shipment, []);
    logger.info('pickup received at the centre', { shipmentId: id });
    return json(200, shipmentView(saved));
  } catch (error) {
    // A partner update landed between the read and the write: the officer tries again.
    if (error instanceof ConcurrentChange) {
      throw new DomainError('CONCURRENT_UPDATE', 'Bưu gửi vừa được cập nhật, vui lòng thử lại', 'The shipment was just updated; please try again', { shipmentId: id });
    }
    throw error;
  }
});
