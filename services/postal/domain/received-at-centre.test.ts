import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../libs/platform/errors.ts';
import { storedShipment } from './fixtures.ts';
import { confirmReceivedAtCentre } from './received-at-centre.ts';

const officer = { id: 'officer-1', agency: 'H38.22' };
const now = new Date('2025-07-16T02:00:00Z');

describe('confirmReceivedAtCentre', () => {
  it("records when and by whom a picked-up dossier reached the centre, whatever the partner has reported", () => {
    const inbound = storedShipment({ direction: 'inbound', shipmentId: 'SHP-H38.22-250714-0007-I' });
    const { shipment, changed } = confirmReceivedAtCentre(inbound, officer, now);
    expect(changed).toBe(true);
    expect(shipment.receivedAtCentre).toEqual({ at: '2025-07-16T02:00:00.000Z', officer: 'officer-1' });
  });

  it('changes nothing the second time, and answers the first confirmation', () => {
    const first = confirmReceivedAtCentre(storedShipment({ direction: 'inbound' }), officer, now).shipment;
    const again = confirmReceivedAtCentre(first, { id: 'officer-2', agency: 'H38.22' }, new Date('2025-07-17T02:00:00Z'));
    expect(again).toEqual({ shipment: first, changed: false });
  });

  it('refuses a result on its way to the citizen: only a pickup is received at the centre', () => {
    expect(() => confirmReceivedAtCentre(storedShipment({ direction: 'outbound' }), officer, now)).toThrow(DomainError);
    try {
      confirmReceivedAtCentre(storedShipment({ direction: 'outbound' }), officer, now);
    } catch (error) {
      expect((error as DomainError).code).toBe('SHIPMENT_NOT_INBOUND');
    }
  });
});
