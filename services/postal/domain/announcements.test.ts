import { describe, expect, it } from 'vitest';
import { announcementsOf } from './announcements.ts';
import type { OwedEvent } from './shipment.ts';

const ref = { shipmentId: 'SHP-H38.22-250714-0007-I', partner: 'demo-webhook' };
const owed: OwedEvent[] = [
  { type: 'ShipmentStatusChanged', occurredAt: '2026-03-02T02:41:07Z', data: { ...ref, status: 'delivered', previousStatus: 'out_for_delivery' } },
  { type: 'ShipmentDelivered', occurredAt: '2026-03-02T02:41:07Z', data: { ...ref, recipientName: 'Nguyễn Văn An' } },
];

describe('announcementsOf', () => {
  it('announces a delivered result as ShipmentDelivered, as the rule owes it', () => {
    expect(announcementsOf('outbound', owed)).toEqual(owed);
  });

  it('announces a delivered pickup as the dossier reaching the centre, never as a result delivered, and without the signer', () => {
    const inbound = announcementsOf('inbound', owed);
    expect(inbound.map((event) => event.type)).toEqual(['ShipmentStatusChanged', 'InboundDossierDelivered']);
    expect(inbound[1]).toEqual({ type: 'InboundDossierDelivered', occurredAt: '2026-03-02T02:41:07Z', data: ref });
  });
});
