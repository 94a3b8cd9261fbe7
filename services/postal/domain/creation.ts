import * as z from 'zod';
import type { IntakeEvent } from '../../../libs/events/intake.ts';
import { freeText } from '../../../libs/platform/text.ts';
import type { Direction } from './shipment.ts';

/**
 * What to ask the partner for when intake's events arrive: a shipment of the result to the
 * citizen when a dossier whose result goes by post is resolved, and a pickup of the dossier from
 * the citizen when one is filed through the postal channel.
 *
 * Intake's events carry no personal data, so the delivery facts (name, phone, structured address)
 * are inputs here, however the service comes by them. The shipment id is a function of the dossier
 * alone, so a redelivered or replayed event decides the same shipment again, and the conditional
 * write of that id (and the partner's create, keyed on it) makes it once.
 */

/** A dossier gets at most one shipment each way: `-R` its result to the citizen, `-I` the dossier in. */
export function shipmentIdOf(dossierCode: string, direction: Direction): string {
  return `SHP-${dossierCode}-${direction === 'outbound' ? 'R' : 'I'}`;
}

export const PostalAddress = z.strictObject({
  /** House number, street, hamlet (thôn, ấp, tổ dân phố). */
  line: freeText({ min: 3, max: 200 }),
  /** Commune or ward (xã, phường, đặc khu): the level below the province since 01/7/2025. */
  commune: freeText({ min: 2, max: 100 }),
  province: freeText({ min: 2, max: 100 }),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Person = z.strictObject({
  fullName: freeText({ min: 2, max: 120 }),
  /** As intake stores it: 0 and nine digits. */
  phone: z.string().regex(/^0[35789]\d{8}$/, 'a Vietnamese mobile number as intake stores it, 0 and 9 digits'),
});
export type Person = z.infer<typeof Person>;

/** What the result's delivery needs besides the DossierResolved event: intake holds it. */
export const ResultDeliveryFacts = z.strictObject({
  method: z.enum(['counter', 'postal', 'online']),
  recipient: Person.optional(),
  address: PostalAddress.optional(),
  /** Fees the postman collects on delivery (COD), in đồng; absent or 0: nothing to collect. */
  collectOnDeliveryVnd: z.number().int().nonnegative().max(1_000_000_000).optional(),
});
export type ResultDeliveryFacts = z.infer<typeof ResultDeliveryFacts>;

/** What a pickup needs besides the DossierReceived event: the citizen, where to collect, and the centre it goes to. */
export const PickupFacts = z.strictObject({
  sender: Person,
  address: PostalAddress,
  centre: z.strictObject({ name: freeText({ min: 2, max: 200 }), address: PostalAddress }),
});
export type PickupFacts = z.infer<typeof PickupFacts>;

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
 * The result's shipment, or null when the result does not go by post. A postal return without a
 * recipient or address is our data disagreeing with itself (intake refuses such a submission), not
 * a message to drop: it throws, so the message is retried and then parked in the DLQ.
 */
export function resultShipmentFor(event: Resolved, facts: ResultDeliveryFacts, centre: { name: string; address: PostalAddress }): ShipmentOrder | null {
  if (facts.method !== 'postal') return null;
  const missing = [...(facts.recipient ? [] : ['recipient']), ...(facts.address ? [] : ['address'])];
  if (!facts.recipient || !facts.address) throw new MissingDeliveryFacts(event.dossierCode, missing);
  return {
    shipmentId: shipmentIdOf(event.dossierCode, 'outbound'),
    direction: 'outbound',
    dossierCode: event.dossierCode,
    agencyCode: event.agencyCode,
    clientReference: event.dossierCode,
    service: POSTAL_SERVICE_CODE,
    contents: `Kết quả giải quyết hồ sơ ${event.dossierCode} (thủ tục ${event.procedureCode})`,
    from: { name: centre.name, address: centre.address },
    to: { name: facts.recipient.fullName, phone: facts.recipient.phone, address: facts.address },
    collectOnDeliveryVnd: facts.collectOnDeliveryVnd ?? 0,
    requestedAt: event.occurredAt,
  };
}

/** The pickup of a dossier filed through the postal channel, or null for any other channel. */
export function inboundPickupFor(event: Received, facts: PickupFacts): ShipmentOrder | null {
  if (event.data.channel !== 'postal') return null;
  return {
    shipmentId: shipmentIdOf(event.dossierCode, 'inbound'),
    direction: 'inbound',
    dossierCode: event.dossierCode,
    agencyCode: event.agencyCode,
    clientReference: event.dossierCode,
    service: POSTAL_SERVICE_CODE,
    contents: `Hồ sơ ${event.dossierCode} (thủ tục ${event.procedureCode})`,
    from: { name: facts.sender.fullName, phone: facts.sender.phone, address: facts.address },
    to: { name: facts.centre.name, address: facts.centre.address },
    collectOnDeliveryVnd: 0,
    requestedAt: event.occurredAt,
  };
}
