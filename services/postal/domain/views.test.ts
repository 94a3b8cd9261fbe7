import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../tests/support/domain-error.ts';
import { AGENCY, DOSSIER, storedShipment, update } from './fixtures.ts';
import { PARTNERS } from './partners.ts';
import { couldBeShipmentId, partnerNameOf, ShipmentList, shipmentFor, shipmentList, ShipmentView, shipmentView } from './views.ts';

const VNPOST = PARTNERS.find((p) => p.id === 'vnpost')!;

/** A delivery told out of order, twice over, with a late in_transit and a code nobody mapped. */
function deliveredShipment() {
  const picked = update('picked_up', '2025-07-15T02:00:00.000Z', { rawStatus: '20', location: 'Bưu cục Lâm Giang' });
  const failed = update('delivery_failed', '2025-07-17T03:00:00.000Z', { rawStatus: '60', attempt: 1, note: 'Không có người nhận' });
  const delivered = update('delivered', '2025-07-18T03:00:00.000Z', { rawStatus: '100', recipientName: 'Trần Thị Mẫu' });
  const late = update('in_transit', '2025-07-19T02:00:00.000Z', { rawStatus: '30' });
  const odd = update(null, '2025-07-16T02:00:00.000Z', { rawStatus: '777' });
  const updates = [delivered, late, picked, delivered, odd, failed];
  return { stored: storedShipment({ updates, version: 6, lastHeardAt: '2025-07-19T02:00:00.000Z' }), picked, failed, delivered, late, odd, updates };
}

describe('the shipment view', () => {
  it('says what all the updates say together, and shows them as received', () => {
    const { stored, picked, failed, delivered, late, odd, updates } = deliveredShipment();
    const view = ShipmentView.parse(shipmentView(stored));
    expect(view).toMatchObject({
      shipmentId: stored.shipmentId,
      dossierCode: DOSSIER,
      agencyCode: AGENCY,
      direction: 'outbound',
      partner: { id: 'vnpost', name: VNPOST.name, trackingNumber: 'EV123456789VN' },
      creation: 'created',
      status: 'delivered',
      statusLabel: 'Phát thành công',
      deliveredAt: '2025-07-18T03:00:00.000Z',
      recipientName: 'Trần Thị Mẫu',
      failedAttempts: 1,
      codAmountVnd: 25_000,
      stuck: null,
      handoverId: null,
      receivedAtCentre: null,
      version: 6,
    });
    // The history the status comes from: each update once, by occurrence, the late in_transit kept but not winning.
    expect(view.history.map((u) => [u.updateId, u.status, u.statusLabel])).toEqual([
      [picked.updateId, 'picked_up', 'Đã nhận bưu gửi'],
      [failed.updateId, 'delivery_failed', 'Phát không thành công'],
      [delivered.updateId, 'delivered', 'Phát thành công'],
      [late.updateId, 'in_transit', 'Đang vận chuyển'],
    ]);
    expect(view.history[0]).toMatchObject({ rawStatus: '20', location: 'Bưu cục Lâm Giang' });
    expect(view.unmapped).toEqual([odd]);
    // Every raw update, the duplicate included, in arrival order.
    expect(view.updates).toEqual(updates);
  });

  it('knows nothing of a status before the partner says anything', () => {
    const view = ShipmentView.parse(shipmentView(storedShipment({ creation: 'pending', trackingNumber: null })));
    expect(view).toMatchObject({ status: null, statusLabel: null, deliveredAt: null, recipientName: null, failedAttempts: 0, history: [], updates: [] });
    expect(view.partner.trackingNumber).toBeNull();
    expect(view.creationFailure).toBeNull();
  });

  it('says why the partner refused to create it, while creation is failed', () => {
    const failure = { reason: 'rejected', status: 422, at: '2025-07-15T01:00:05.000Z' };
    const view = ShipmentView.parse(shipmentView(storedShipment({ creation: 'failed', trackingNumber: null, creationFailure: failure })));
    expect(view).toMatchObject({ creation: 'failed', creationFailure: failure });
    expect(shipmentView(storedShipment()).creationFailure).toBeNull();
  });

  it('shows the stuck flag with the silence it is about, the hand-over and an inbound pickup’s receipt at the centre', () => {
    expect(shipmentView(storedShipment({ stuckAt: '2025-07-18T01:00:00.000Z' })).stuck).toEqual({
      flaggedAt: '2025-07-18T01:00:00.000Z',
      silentSince: '2025-07-15T01:00:00.000Z',
    });
    expect(shipmentView(storedShipment({ handoverId: 'BG-H38.22-250715-7KQ4M' })).handoverId).toBe('BG-H38.22-250715-7KQ4M');
    const inbound = storedShipment({ direction: 'inbound', codAmountVnd: 0, receivedAtCentre: { at: '2025-07-16T02:00:00.000Z', officer: 'sub-0042' } });
    expect(ShipmentView.parse(shipmentView(inbound))).toMatchObject({ direction: 'inbound', receivedAtCentre: { at: '2025-07-16T02:00:00.000Z', officer: 'sub-0042' } });
  });

  it('still shows a shipment of a partner no longer configured', () => {
    expect(shipmentView(storedShipment({ partner: 'old-carrier' })).partner).toEqual({ id: 'old-carrier', name: null, trackingNumber: 'EV123456789VN' });
    expect(partnerNameOf('vnpost')).toBe(VNPOST.name);
  });
});

describe('the list by dossier code', () => {
  const outbound = storedShipment();
  const inbound = storedShipment({ direction: 'inbound', codAmountVnd: 0 });

  it('gives each of the dossier’s shipments as a summary, outbound first', () => {
    const list = ShipmentList.parse(shipmentList(DOSSIER, [inbound, outbound], AGENCY));
    expect(list.dossierCode).toBe(DOSSIER);
    expect(list.shipments.map((s) => [s.shipmentId, s.direction])).toEqual([
      [outbound.shipmentId, 'outbound'],
      [inbound.shipmentId, 'inbound'],
    ]);
    expect(Object.keys(list.shipments[0]!)).not.toContain('updates');
  });

  it('shows an officer of another agency nothing, as for a dossier without shipments', () => {
    expect(shipmentList(DOSSIER, [outbound, inbound], 'H38.23')).toEqual({ dossierCode: DOSSIER, shipments: [] });
  });

  it('leaves out what the repository found of another dossier', () => {
    expect(shipmentList(DOSSIER, [outbound, storedShipment({ dossierCode: 'H38.22-250714-0008' })], AGENCY).shipments).toHaveLength(1);
  });
});

describe('one shipment for an officer', () => {
  it('is the shipment of their own agency', () => {
    const stored = storedShipment();
    expect(shipmentFor(stored, AGENCY, stored.shipmentId)).toBe(stored);
  });

  it('is 404 alike whether it does not exist or is another agency’s', () => {
    const stored = storedShipment();
    const missing = domainErrorOf(() => shipmentFor(null, AGENCY, stored.shipmentId));
    const foreign = domainErrorOf(() => shipmentFor(stored, 'H38.23', stored.shipmentId));
    expect(missing.code).toBe('NOT_FOUND');
    expect(foreign.toBody()).toEqual(missing.toBody());
  });
});

describe('an id from a path', () => {
  it('could be a shipment’s only in our ids’ shape, so nothing longer than a key may be is ever read', () => {
    expect(couldBeShipmentId(storedShipment().shipmentId)).toBe(true);
    for (const id of ['', 'x'.repeat(81), 'x'.repeat(3000), '../x', 'a b', 'SHP-1\u0000']) expect(couldBeShipmentId(id), id.slice(0, 20)).toBe(false);
  });
});
