import type { DeliveryFacts } from '../../../libs/contracts/intake-delivery.ts';
import type { Agency } from './catalog.ts';
import type { Dossier } from './dossier.ts';

/**
 * What a delivery needs of a dossier (libs/contracts/intake-delivery.ts): the applicant, the
 * structured addresses, the fees collected on delivery, and the receiving agency's counter.
 * Only the applicant's name and phone leave intake, never the ID number, email or residence.
 * A one-line address of an older dossier is not an address a partner can use: it is left out,
 * so the caller sees that the address is missing rather than a guess at its parts.
 */
export function deliveryFactsOf(dossier: Dossier, agency: Agency): DeliveryFacts {
  const { method, address, collectOnDeliveryVnd } = dossier.resultDelivery;
  return {
    found: true,
    dossierCode: dossier.code,
    agencyCode: dossier.agencyCode,
    applicant: { fullName: dossier.applicant.fullName, phone: dossier.applicant.phone },
    resultDelivery: address ? { method, address } : { method },
    ...(dossier.pickupAddress ? { pickupAddress: dossier.pickupAddress } : {}),
    collectOnDeliveryVnd: collectOnDeliveryVnd ?? 0,
    centre: { name: agency.name, address: agency.address ?? null },
  };
}
