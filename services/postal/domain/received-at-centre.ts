import type { Officer } from '../../../libs/platform/auth.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import type { StoredShipment } from './stored-shipment.ts';

/**
 * An officer confirms that a dossier picked up by the partner reached the centre: the papers are
 * in the one-stop unit's hands, whatever the partner has reported so far (its "delivered" may come
 * later, or never if its webhooks stopped). Confirmed once: a second confirmation changes nothing
 * and answers the first, so a double click or a retry is harmless.
 */
export function confirmReceivedAtCentre(shipment: StoredShipment, officer: Officer, now: Date): { shipment: StoredShipment; changed: boolean } {
  if (shipment.direction !== 'inbound') {
    throw new DomainError(
      'SHIPMENT_NOT_INBOUND',
      'Chỉ xác nhận tiếp nhận bưu gửi hồ sơ do bưu điện chuyển đến trung tâm; bưu gửi kết quả do bưu điện phát cho người dân',
      'Only an inbound pickup is confirmed received at the centre; a result is delivered to the citizen by the partner',
      { shipmentId: shipment.shipmentId, direction: shipment.direction },
    );
  }
  if (shipment.receivedAtCentre) return { shipment, changed: false };
  return { shipment: { ...shipment, receivedAtCentre: { at: now.toISOString(), officer: officer.id } }, changed: true };
}
