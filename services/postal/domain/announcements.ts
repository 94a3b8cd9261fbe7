import type { Direction, OwedEvent } from './shipment.ts';

/**
 * What a shipment's change announces, by direction. The rule in shipment.ts speaks of packages;
 * the bus speaks of dossiers: a delivered result is `ShipmentDelivered` (intake returns the
 * dossier on it), but a delivered pickup is the citizen's dossier reaching the centre,
 * `InboundDossierDelivered`, which must never be taken for a result in the citizen's hands.
 */
export type Announcement = OwedEvent | { readonly type: 'InboundDossierDelivered'; readonly occurredAt: string; readonly data: { shipmentId: string; partner: string } };

export function announcementsOf(direction: Direction, owed: readonly OwedEvent[]): Announcement[] {
  if (direction === 'outbound') return [...owed];
  return owed.map((event) =>
    event.type === 'ShipmentDelivered'
      ? { type: 'InboundDossierDelivered', occurredAt: event.occurredAt, data: { shipmentId: event.data.shipmentId, partner: event.data.partner } }
      : event,
  );
}
