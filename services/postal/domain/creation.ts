import type { DeliveryFacts, PostalAddress } from '../../../libs/contracts/intake-delivery.ts';
import type { IntakeEvent } from '../../../libs/events/intake.ts';
import type { Direction } from './shipment.ts';

/**
 * What to ask the partner for when intake's events arrive: a shipment of the result to the
 * citizen when a dossier whose result goes by post is resolved, and a pickup of the dossier from
 * the citizen when one is filed through the postal channel.
 *
 * Intake's events carry no personal data, so the delivery facts (name, phone, structured address,
 * the centre) are an input here: intake's answer to the service's read (libs/contracts/intake-delivery.ts). The shipment id is a function of the dossier
 * alone, so a redelivered or replayed event decides the same shipment again, and the conditional
 * write of that id (and the partner's create, keyed on it) makes it once.
 */

/** A dossier gets at most one shipment each way: `-R` its result to the citizen, `-I` the dossier in. */
export function shipmentIdOf(dossierCode: string, direction: Direction): string {
  return `SHP-${dossierCode}-${direction === 'outbound' ? 'R' : 'I'}`;
}

/** The public-administration postal service (bưu chính công ích, Decision 45/2016/QĐ-TTg). */
export const POSTAL_SERVICE_CODE = 'HCC';

/** What we ask the partner to carry, with our id as the idempotency key and the dossier code as the client reference. */
export interface ShipmentOrder {
  readonly shipmentId: string;
  readonly direction: Direction;
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly clientReference: string;
  readonly service: typeof POSTAL_SERVICE_CODE;
  readonly contents: string;
  /** Who hands it over and where, and who receives it and where. */
  readonly from: { readonly name: string; readonly phone?: string; readonly address: PostalAddress };
  readonly to: { readonly name: string; readonly phone?: string; readonly address: PostalAddress };
  readonly collectOnDeliveryVnd: number;
  /** The intake event's instant: when the need for this shipment arose. */
  readonly requestedAt: string;
}

type Resolved = Extract<IntakeEvent, { type: 'DossierResolved' }>;
type Received = Extract<IntakeEvent, { type: 'DossierReceived' }>;

export class MissingDeliveryFacts extends Error {
  readonly missing: readonly string[];
  constructor(dossierCode: string, missing: readonly string[]) {
    super(`a postal return of ${dossierCode} lacks ${missing.join(', ')}`);
    this.name = 'MissingDeliveryFacts';
    this.missing = missing;
  }
}

/**
 * The result's shipment, or null when the result does not go by post. A postal return without an
 * address, or a centre without one, is our data disagreeing with itself (intake refuses such a
 * submission; the catalog must give the centre's address), not a message to drop: it throws, so the
 * message is retried and then parked in the DLQ until the data is put right.
 */
export function resultShipmentFor(event: Resolved, facts: DeliveryFacts): ShipmentOrder | null {
  if (facts.resultDelivery.method !== 'postal') return null;
  const to = facts.resultDelivery.address;
  const from = facts.centre.address;
  if (!to || !from) throw new MissingDeliveryFacts(event.dossierCode, [...(to ? [] : ['delivery address']), ...(from ? [] : ["the centre's address"])]);
  return {
    shipmentId: shipmentIdOf(event.dossierCode, 'outbound'),
    direction: 'outbound',
    dossierCode: event.dossierCode,
    agencyCode: event.agencyCode,
    clientReference: event.dossierCode,
    service: POSTAL_SERVICE_CODE,
    contents: `Kết quả giải quyết hồ sơ ${event.dossierCode} (thủ tục ${event.procedureCode})`,
    from: { name: facts.centre.name, address: from },
    to: { name: facts.applicant.fullName, phone: facts.applicant.phone, address: to },
    collectOnDeliveryVnd: facts.collectOnDeliveryVnd,
    requestedAt: event.occurredAt,
  };
}

/** The pickup of a dossier filed through the postal channel, or null for any other channel. */
export function inboundPickupFor(event: Received, facts: DeliveryFacts): ShipmentOrder | null {
  if (event.data.channel !== 'postal') return null;
  const from = facts.pickupAddress;
  const to = facts.centre.address;
  if (!from || !to) throw new MissingDeliveryFacts(event.dossierCode, [...(from ? [] : ['pickup address']), ...(to ? [] : ["the centre's address"])]);
  return {
    shipmentId: shipmentIdOf(event.dossierCode, 'inbound'),
    direction: 'inbound',
    dossierCode: event.dossierCode,
    agencyCode: event.agencyCode,
    clientReference: event.dossierCode,
    service: POSTAL_SERVICE_CODE,
    contents: `Hồ sơ ${event.dossierCode} (thủ tục ${event.procedureCode})`,
    from: { name: facts.applicant.fullName, phone: facts.applicant.phone, address: from },
    to: { name: facts.centre.name, address: to },
    collectOnDeliveryVnd: 0,
    requestedAt: event.occurredAt,
  };
}
