/** Stored shipments for the tests of the modules that read them (views, hand-overs). */
import type { ShipmentUpdate } from './shipment.ts';
import { StoredShipment } from './stored-shipment.ts';

export const AGENCY = 'H38.22';
export const DOSSIER = 'H38.22-250714-0007';

/** An outbound result created at vnpost, 25.000 đ to collect, nothing heard since; `over` changes any field (checked by the schema). */
export function storedShipment(over: Partial<StoredShipment> = {}): StoredShipment {
  const dossierCode = over.dossierCode ?? DOSSIER;
  const direction = over.direction ?? 'outbound';
  return StoredShipment.parse({
    shipmentId: `SHP-${dossierCode}-${direction === 'outbound' ? 'R' : 'I'}`,
    dossierCode,
    agencyCode: AGENCY,
    procedureCode: '1.001612',
    direction,
    partner: 'vnpost',
    trackingNumber: 'EV123456789VN',
    creation: 'created',
    createdAt: '2025-07-15T01:00:00.000Z',
    requestedAt: '2025-07-15T00:59:00.000Z',
    codAmountVnd: 25_000,
    updates: [],
    version: 1,
    failureAnnounced: false,
    stuckAt: null,
    lastHeardAt: '2025-07-15T01:00:00.000Z',
    handoverId: null,
    centreName: 'Trung tâm Phục vụ hành chính công xã Trường Tây',
    sourceEvent: { type: 'DossierResolved', dossierCode: DOSSIER },
    ...over,
  });
}

let counter = 0;
/** A raw vnpost update; the raw code stands for the status unless given. */
export function update(status: ShipmentUpdate['status'], occurredAt: string, extra: Partial<ShipmentUpdate> = {}): ShipmentUpdate {
  return {
    updateId: `row_${String(++counter).padStart(4, '0')}`,
    partner: 'vnpost',
    rawStatus: status ?? '999',
    status,
    occurredAt,
    receivedAt: occurredAt,
    ...extra,
  };
}
