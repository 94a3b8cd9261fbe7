import * as z from 'zod';
import { ENVELOPE } from './envelope.ts';

/**
 * Postal's events. Postal owns this file; consumers import it. Today it holds what intake
 * already acts on (the result delivered to the citizen); the postal service adds the rest.
 * `sequence` is the shipment's version; `occurredAt` the partner's time of the update.
 */

const eventData = {
  /** The result reached the citizen: `occurredAt` is the delivery time the partner reported. */
  ShipmentDelivered: z.object({
    shipmentId: z.string().min(1),
    partner: z.string().min(1),
    /** Who signed for the package, as the partner reported it. */
    recipientName: z.string().max(200).optional(),
  }),
} as const;

export type PostalEventType = keyof typeof eventData;
export const POSTAL_EVENT_TYPES = Object.keys(eventData) as PostalEventType[];

const envelope = <T extends PostalEventType>(type: T) => z.object({ ...ENVELOPE, type: z.literal(type), data: eventData[type] });
type Schema<T extends PostalEventType> = ReturnType<typeof envelope<T>>;

/** Every postal event schema, by type (version 1). */
export const POSTAL_EVENTS = Object.fromEntries(POSTAL_EVENT_TYPES.map((type) => [type, envelope(type)])) as unknown as {
  [T in PostalEventType]: Schema<T>;
};
export type PostalEvent = { [T in PostalEventType]: z.infer<Schema<T>> }[PostalEventType];
