import * as z from 'zod';
import { isoInstant } from '../../../libs/events/envelope.ts';
import type { ShipmentOrder } from './creation.ts';
import { PARTNER_ID_PATTERN } from './partners.ts';
import { derive, openShipment, type Shipment, type ShipmentUpdate } from './shipment.ts';
import { ShipmentStatus } from './status.ts';
import { lastHeardOf } from './stuck.ts';

/**
 * A shipment as postal's table keeps it: the aggregate's own fields (shipment.ts `Shipment`, its
 * state left out since `derive` gives it again from the updates), what we know of it at the
 * partner, and what officers did with it. No personal data: the name, phone and address went to
 * the partner in the order and are not kept here; the only personal datum is an update's
 * `recipientName`, as the partner reported it.
 *
 * `z.object`, not strict: the repository parses its items with this, and they also hold key and
 * index attributes, which are dropped.
 */

/** One raw update as received: shipment.ts `ShipmentUpdate`. */
export const StoredUpdate = z.object({
  updateId: z.string().min(1),
  partner: z.string().min(1),
  rawStatus: z.string(),
  status: ShipmentStatus.nullable(),
  occurredAt: isoInstant,
  receivedAt: isoInstant,
  location: z.string().optional(),
  note: z.string().optional(),
  recipientName: z.string().optional(),
  attempt: z.int().min(1).optional(),
});

/** Where the partner's create stands: asked for, done (with a tracking number), or refused for good. */
export const CreationState = z.enum(['pending', 'created', 'failed']);
export type CreationState = z.infer<typeof CreationState>;

export const StoredShipment = z
  .object({
    /** Ours: `SHP-<dossierCode>-R` or `-I` (creation.ts `shipmentIdOf`). */
    shipmentId: z.string().min(1),
    dossierCode: z.string().min(1),
    /** The agency that received the dossier: whose officers see the shipment and hand it over. */
    agencyCode: z.string().min(1),
    procedureCode: z.string().min(1),
    direction: z.enum(['outbound', 'inbound']),
    partner: z.string().regex(PARTNER_ID_PATTERN),
    /** The partner's reference, once it created the shipment. */
    trackingNumber: z.string().min(1).nullable(),
    creation: CreationState,
    /** When we recorded the shipment (the stuck sweep counts silence from here until an update arrives). */
    createdAt: isoInstant,
    /** The intake event's instant: when the need for this shipment arose (creation.ts `ShipmentOrder`). */
    requestedAt: isoInstant,
    /** Fees the partner collects from the citizen on delivery (0 for none, and for an inbound pickup). */
    codAmountVnd: z.int().min(0),
    /** Every raw update, in arrival order. */
    updates: z.array(StoredUpdate),
    /** shipment.ts `Shipment.version`: the `sequence` of the events it announces. */
    version: z.int().min(1),
    /** shipment.ts `Shipment.failureAnnounced`. */
    failureAnnounced: z.boolean(),
    /** shipment.ts `Shipment.stuckAt`: when the sweep flagged it, until the next update. */
    stuckAt: isoInstant.nullable(),
    /** stuck.ts `lastHeardOf`, kept so that the sweep can find silent shipments by an index, not a scan. */
    lastHeardAt: isoInstant,
    /** The hand-over minutes (handover.ts) this outbound shipment was handed to the partner with. */
    handoverId: z.string().min(1).nullable(),
    /** An inbound pickup an officer confirmed received at the centre: when, and who (the officer's `sub`). */
    receivedAtCentre: z.object({ at: isoInstant, officer: z.string().min(1) }).optional(),
    /** The receiving one-stop centre's name (sender of results, receiver of pickups): printed on the hand-over minutes. */
    centreName: z.string().min(1),
    /** Why the partner last refused to create it (a reason and status, never a body), while `creation` is failed. */
    creationFailure: z.object({ reason: z.string().min(1), status: z.int().optional(), at: isoInstant }).optional(),
    /** The bus event that asked for it (no personal data): `npm run postal:retry` queues it again. */
    sourceEvent: z.record(z.string(), z.unknown()),
  })
  .check((ctx) => {
    const s = ctx.value;
    // The partner answers a create with its tracking number (adapters/partner.ts): one without the other is a broken record.
    if ((s.creation === 'created') !== (s.trackingNumber !== null)) {
      ctx.issues.push({ code: 'custom', message: 'a tracking number exactly when created at the partner', path: ['trackingNumber'], input: s.trackingNumber });
    }
    if (s.handoverId !== null && (s.direction !== 'outbound' || s.creation !== 'created')) {
      ctx.issues.push({ code: 'custom', message: 'only an outbound shipment created at the partner is handed over', path: ['handoverId'], input: s.handoverId });
    }
    if (s.receivedAtCentre && s.direction !== 'inbound') {
      ctx.issues.push({ code: 'custom', message: 'only an inbound pickup is received at the centre', path: ['receivedAtCentre'], input: s.receivedAtCentre });
    }
  });
export type StoredShipment = z.infer<typeof StoredShipment>;

// The stored update is the aggregate's update, field for field, both ways: a field added to one must be added to the other.
type Stored = z.infer<typeof StoredUpdate>;
const sameUpdate: [Stored, ShipmentUpdate, Exclude<keyof Stored, keyof ShipmentUpdate> | Exclude<keyof ShipmentUpdate, keyof Stored>] extends [ShipmentUpdate, Stored, never] ? true : false = true;
void sameUpdate;

/**
 * The record of a shipment just decided (creation.ts), before the partner is asked: pending, no
 * tracking number, no update. Of the order only what is not personal is kept.
 */
export function openStoredShipment(
  order: ShipmentOrder,
  { procedureCode, partner, centreName, sourceEvent, now }: { procedureCode: string; partner: string; centreName: string; sourceEvent: Record<string, unknown>; now: Date },
): StoredShipment {
  const opened = openShipment({ shipmentId: order.shipmentId, dossierCode: order.dossierCode, direction: order.direction, partner, createdAt: now.toISOString() });
  return {
    shipmentId: opened.shipmentId,
    dossierCode: opened.dossierCode,
    agencyCode: order.agencyCode,
    procedureCode,
    direction: opened.direction,
    partner,
    trackingNumber: null,
    creation: 'pending',
    createdAt: opened.createdAt,
    requestedAt: order.requestedAt,
    codAmountVnd: order.collectOnDeliveryVnd,
    updates: [],
    version: opened.version,
    failureAnnounced: opened.failureAnnounced,
    stuckAt: opened.stuckAt,
    lastHeardAt: lastHeardOf(opened),
    handoverId: null,
    centreName,
    sourceEvent,
  };
}

/** The aggregate the rules work on (shipment.ts, stuck.ts), its state derived from the stored updates. */
export function shipmentOf(stored: StoredShipment): Shipment {
  const { shipmentId, dossierCode, direction, partner, createdAt, version, updates, stuckAt, failureAnnounced } = stored;
  return { shipmentId, dossierCode, direction, partner, createdAt, version, updates, state: derive(updates), stuckAt, failureAnnounced };
}

/** The record after the rules changed its aggregate (`applyUpdate`, `sweep`): the aggregate's fields copied back, `lastHeardAt` with them. */
export function withShipment(stored: StoredShipment, shipment: Shipment): StoredShipment {
  if (shipment.shipmentId !== stored.shipmentId) throw new Error(`shipment ${shipment.shipmentId} is not ${stored.shipmentId}`);
  const { version, updates, stuckAt, failureAnnounced } = shipment;
  return { ...stored, version, updates: [...updates], stuckAt, failureAnnounced, lastHeardAt: lastHeardOf(shipment) };
}

/** Officers see and act on the shipments of their own agency only. */
export const isOfAgency = (shipment: Pick<StoredShipment, 'agencyCode'>, agency: string): boolean => shipment.agencyCode === agency;
