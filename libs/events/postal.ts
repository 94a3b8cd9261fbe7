import * as z from 'zod';
import { catalogOf, isoInstant } from './envelope.ts';

/**
 * Postal's events. Postal owns this file; consumers import it. `sequence` is the shipment's
 * version after the change; `occurredAt` the partner's time of the update (for a shipment
 * created or found stuck: ours). Shipments carry no address or phone; `recipientName` only
 * where the partner reported who signed.
 */

/** The one vocabulary every partner's status codes are mapped onto (services/postal/data). */
export const ShipmentStatus = z.enum(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'delivered', 'returned_to_sender', 'cancelled']);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

/** Outbound: the result, to the citizen. Inbound: the citizen's dossier, picked up and brought to the centre. */
const Direction = z.enum(['outbound', 'inbound']);

/** Which shipment, at which partner: in every postal event. */
const ShipmentRef = z.object({ shipmentId: z.string().min(1), partner: z.string().min(1) });

const eventData = {
  /** A shipment was handed to the partner (outbound result, or inbound pickup). */
  ShipmentCreated: ShipmentRef.extend({
    direction: Direction,
    service: z.literal('HCC'),
    /** Fees the partner collects from the citizen on delivery, if any. */
    codAmountVnd: z.number().int().nonnegative().optional(),
  }),
  /** The status derived from all updates so far changed (never backwards: see docs/events.md). */
  ShipmentStatusChanged: ShipmentRef.extend({ status: ShipmentStatus, previousStatus: ShipmentStatus.nullable() }),
  /** The result reached the citizen: `occurredAt` is the delivery time the partner reported. */
  ShipmentDelivered: ShipmentRef.extend({
    /** Who signed for the package, as the partner reported it. */
    recipientName: z.string().optional(),
  }),
  /** The result could not be delivered (repeated failures, or returned to the sender): the dossier is for pickup at the counter. */
  ShipmentDeliveryFailed: ShipmentRef.extend({
    reason: z.enum(['repeated_failures', 'returned_to_sender']),
    failedAttempts: z.number().int().nonnegative(),
  }),
  /** No update received for longer than the configured silence: once per silence. `status` is null if the partner never reported one. */
  ShipmentStuck: ShipmentRef.extend({ status: ShipmentStatus.nullable(), silentSince: isoInstant }),
  /** A dossier sent by post reached the centre; an officer confirms its receipt. */
  InboundDossierDelivered: ShipmentRef,
} as const;

export type PostalEventType = keyof typeof eventData;
export const POSTAL_EVENT_TYPES = Object.keys(eventData) as PostalEventType[];

/** Every postal event schema, by type (version 1). */
export const POSTAL_EVENTS = catalogOf(eventData);
/** The `data` of one postal event type. */
export type PostalEventData<T extends PostalEventType> = z.infer<(typeof eventData)[T]>;
export type PostalEvent = { [T in PostalEventType]: z.infer<(typeof POSTAL_EVENTS)[T]> }[PostalEventType];
