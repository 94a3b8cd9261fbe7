import { ShipmentStatus } from '../../../libs/events/postal.ts';

/**
 * The one status vocabulary of a shipment. Every partner's codes are mapped onto it
 * (partners.json), and everything downstream (the monotonic rule, events, the officer's view)
 * speaks only this.
 */
export { ShipmentStatus } from '../../../libs/events/postal.ts';
export const SHIPMENT_STATUSES = ShipmentStatus.options;

/**
 * Breaks ties between updates that occurred at the same instant (a partner stamps several to the
 * second), and between terminal statuses. Among the terminal ones the order is their precedence:
 * delivered is the strongest fact about the package (it is in the citizen's hands, whatever a
 * cancellation or a return said before), then returned, then cancelled.
 */
export const STATUS_RANK: Readonly<Record<ShipmentStatus, number>> = {
  accepted: 1,
  picked_up: 2,
  in_transit: 3,
  out_for_delivery: 4,
  delivery_failed: 5,
  cancelled: 6,
  returned_to_sender: 7,
  delivered: 8,
};

/** Statuses no later update moves a shipment out of (except to a terminal one of higher rank). */
export const TERMINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned_to_sender', 'cancelled'];

export const isTerminal = (status: ShipmentStatus): boolean => TERMINAL_STATUSES.includes(status);

export const STATUS_LABELS_VI: Readonly<Record<ShipmentStatus, string>> = {
  accepted: 'Bưu điện đã nhận đơn',
  picked_up: 'Đã nhận bưu gửi',
  in_transit: 'Đang vận chuyển',
  out_for_delivery: 'Đang phát',
  delivery_failed: 'Phát không thành công',
  delivered: 'Phát thành công',
  returned_to_sender: 'Đã chuyển hoàn',
  cancelled: 'Đã hủy',
};
