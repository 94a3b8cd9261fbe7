import { describe, expect, it } from 'vitest';
import { ORDER } from '../adapters/partner-test-kit.ts';
import { storedShipment, update } from './fixtures.ts';
import { applyUpdate } from './shipment.ts';
import { openStoredShipment, shipmentOf, StoredShipment, withShipment } from './stored-shipment.ts';
import { sweep } from './stuck.ts';


describe('the stored shipment', () => {
  it('opens pending, with nothing of the order that is personal', () => {
    const opened = openStoredShipment(ORDER, { procedureCode: '1.001612', partner: 'vnpost', centreName: 'Trung tâm Phục vụ hành chính công', sourceEvent: { type: 'DossierResolved' }, now: new Date('2025-07-15T01:00:00Z') });
    expect(StoredShipment.parse(opened)).toEqual(opened);
    expect(opened).toEqual({
      shipmentId: ORDER.shipmentId,
      dossierCode: ORDER.dossierCode,
      agencyCode: ORDER.agencyCode,
      procedureCode: '1.001612',
      direction: 'outbound',
      partner: 'vnpost',
      trackingNumber: null,
      creation: 'pending',
      createdAt: '2025-07-15T01:00:00.000Z',
      requestedAt: ORDER.requestedAt,
      codAmountVnd: 25_000,
      updates: [],
      version: 1,
      failureAnnounced: false,
      stuckAt: null,
      lastHeardAt: '2025-07-15T01:00:00.000Z',
      handoverId: null,
      centreName: 'Trung tâm Phục vụ hành chính công',
      sourceEvent: { type: 'DossierResolved' },
    });
    const text = JSON.stringify(opened);
    for (const personal of [ORDER.to.name, ORDER.to.phone!, ORDER.to.address.line]) expect(text).not.toContain(personal);
  });

  it('goes through the rules and back: the state derived again, the aggregate’s fields and lastHeardAt copied back', () => {
    const stored = storedShipment();
    const delivered = update('delivered', '2025-07-18T03:00:00.000Z', { recipientName: 'Trần Thị Mẫu', receivedAt: '2025-07-18T03:01:00.000Z' });
    const { shipment } = applyUpdate(shipmentOf(stored), delivered);
    const after = withShipment(stored, shipment);
    expect(after).toEqual({ ...stored, updates: [delivered], version: 2, lastHeardAt: '2025-07-18T03:01:00.000Z' });
    expect(shipmentOf(after).state).toMatchObject({ status: 'delivered', recipientName: 'Trần Thị Mẫu' });
  });

  it('keeps the sweep’s flag', () => {
    const stored = storedShipment();
    const { shipment } = sweep(shipmentOf(stored), new Date('2025-07-20T00:00:00Z'));
    expect(withShipment(stored, shipment)).toMatchObject({ stuckAt: '2025-07-20T00:00:00.000Z', version: 2, lastHeardAt: stored.lastHeardAt });
  });

  it('refuses to copy another shipment into it', () => {
    expect(() => withShipment(storedShipment(), shipmentOf(storedShipment({ direction: 'inbound' })))).toThrow(/is not/);
  });

  it('drops the key attributes an item holds besides the record', () => {
    const stored = storedShipment();
    expect(StoredShipment.parse({ ...stored, pk: stored.shipmentId, gsi1pk: 'x' })).toEqual(stored);
  });

  it.each([
    ['created without a tracking number', { trackingNumber: null }],
    ['a tracking number while pending', { creation: 'pending' }],
    ['an inbound pickup on hand-over minutes', { direction: 'inbound', handoverId: 'BG-H38.22-250716-7KQ4M' }],
    ['a shipment not created on hand-over minutes', { creation: 'failed', trackingNumber: null, handoverId: 'BG-H38.22-250716-7KQ4M' }],
    ['an outbound result received at the centre', { receivedAtCentre: { at: '2025-07-16T01:00:00.000Z', officer: 'sub-1' } }],
  ])('cannot hold %s', (_, over) => {
    expect(StoredShipment.safeParse({ ...storedShipment(), ...over }).success).toBe(false);
  });
});
