import { describe, expect, it } from 'vitest';
import { DeliveryFacts } from '../../../libs/contracts/intake-delivery.ts';
import { BY_POST, DELIVERY_ADDRESS, newDossier, PICKUP_ADDRESS, WARD } from './actions/fixtures.ts';
import { deliveryFactsOf } from './delivery-facts.ts';

describe('the delivery facts of a dossier', () => {
  it('of a postal return: the applicant, where the result goes, and the receiving counter as sender', () => {
    const dossier = newDossier({ delivery: BY_POST });
    const facts = deliveryFactsOf(dossier, WARD);
    expect(facts).toEqual({
      found: true,
      dossierCode: dossier.code,
      agencyCode: WARD.code,
      applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' },
      resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS },
      collectOnDeliveryVnd: 0,
      centre: { name: WARD.name, address: WARD.address },
    });
    // What the function answers is the contract exactly (strict: nothing more).
    expect(DeliveryFacts.parse(facts)).toEqual(facts);
  });

  it('of a dossier filed by post: where the partner collects it', () => {
    const facts = deliveryFactsOf(newDossier({ channel: 'postal' }), WARD);
    expect(facts).toMatchObject({ pickupAddress: PICKUP_ADDRESS, resultDelivery: { method: 'counter' } });
    expect(facts.resultDelivery).not.toHaveProperty('address');
  });

  it('gives the fees the postman collects on delivery', () => {
    const facts = deliveryFactsOf(newDossier({ delivery: { ...BY_POST, collectOnDeliveryVnd: 35_000 } }), WARD);
    expect(facts.collectOnDeliveryVnd).toBe(35_000);
  });

  it('gives none of the personal data a delivery does not need', () => {
    const dossier = newDossier({ delivery: BY_POST });
    const text = JSON.stringify(deliveryFactsOf(dossier, WARD));
    expect(text).not.toContain(dossier.applicant.idNumber);
    expect(text).not.toContain('idNumber');
  });

  it('gives no address for the one-line address of an older dossier, nor invents one', () => {
    const { address: _structured, ...delivery } = newDossier({ delivery: BY_POST }).resultDelivery;
    const older = { ...newDossier({ delivery: BY_POST }), resultDelivery: { ...delivery, unstructuredAddress: 'Thôn 3, xã Lâm Thượng' } };
    const facts = deliveryFactsOf(older, WARD);
    expect(facts.resultDelivery).toEqual({ method: 'postal' });
    expect(DeliveryFacts.safeParse(facts).success).toBe(true);
  });

  it("says plainly that the counter's address is unknown when the catalog has none", () => {
    const { address: _address, ...withoutAddress } = WARD;
    expect(deliveryFactsOf(newDossier({ delivery: BY_POST }), withoutAddress).centre).toEqual({ name: WARD.name, address: null });
  });
});
