import * as z from 'zod';
import { isoInstant } from '../../../libs/events/envelope.ts';
import { notFound } from '../../../libs/platform/errors.ts';
import { PARTNERS, type Partner } from './partners.ts';
import { STATUS_LABELS_VI, ShipmentStatus } from './status.ts';
import { CreationState, isOfAgency, shipmentOf, type StoredShipment } from './stored-shipment.ts';
import { ShipmentUpdatedData } from './webhook-payload.ts';

/**
 * What officers see of shipments (`GET /postal/shipments/{id}`, `GET /postal/shipments?dossierCode=`):
 * the output schemas the OpenAPI document shows, and the pure functions building them from the
 * stored record. The status and everything said with it are derived from the updates on every
 * read (shipment.ts `derive`), never stored, so a partner code added to partners.json shows at
 * once; the raw updates are shown too, as received, so an officer can check the derivation
 * against what the partner really said.
 */

// ---------------------------------------------------------------------------
// What the views are asked
// ---------------------------------------------------------------------------

/** `GET /postal/shipments?dossierCode=`'s query (strict: another parameter is a 400). */
export const ListShipmentsQuery = z.strictObject({
  dossierCode: ShipmentUpdatedData.shape.dossierCode.meta({ description: 'The dossier whose shipments to list.', examples: ['H38.22-250714-0007'] }),
});

// ---------------------------------------------------------------------------
// What the views answer
// ---------------------------------------------------------------------------

const StatusLabel = z.string().meta({ description: "The status in Vietnamese, e.g. 'Phát thành công'." });

/** One raw update (shipment.ts `ShipmentUpdate`). */
const UpdateOut = z.strictObject({
  updateId: z.string().meta({ description: "Unique per update at the partner: the `webhook-id`, or the polled row's id." }),
  partner: z.string(),
  rawStatus: z.string().meta({ description: "The partner's own code, as sent." }),
  status: ShipmentStatus.nullable().meta({ description: 'Our status for the code; null when the code is not mapped yet (kept, not applied).' }),
  occurredAt: isoInstant.meta({ description: 'When it happened, as the partner says.' }),
  receivedAt: isoInstant.meta({ description: 'When we received it (our clock).' }),
  location: z.string().optional(),
  note: z.string().optional(),
  recipientName: z.string().optional().meta({ description: 'Who signed for the package, on a delivered update.' }),
  attempt: z.int().min(1).optional(),
});

/** An update the status was derived from: the raw update with the label of its status. */
const AppliedUpdateOut = UpdateOut.extend({ status: ShipmentStatus, statusLabel: StatusLabel });

const PartnerRef = z.strictObject({
  id: z.string(),
  name: z.string().nullable().meta({ description: 'As configured (services/postal/data/partners.json); null for a partner no longer configured.' }),
  trackingNumber: z.string().nullable().meta({ description: "The partner's reference for the shipment, once it created it." }),
});

const Stuck = z
  .strictObject({
    flaggedAt: isoInstant.meta({ description: 'When the sweep noticed the silence.' }),
    silentSince: isoInstant.meta({ description: 'When we last heard anything of it.' }),
  })
  .nullable()
  .meta({ description: 'Flagged as stuck (no update for too long) until the next update; null otherwise.' });

/** What both views say of a shipment. */
const SummaryFields = {
  shipmentId: z.string(),
  dossierCode: z.string(),
  direction: z.enum(['outbound', 'inbound']).meta({ description: 'outbound: the result to the citizen; inbound: the dossier picked up from the citizen for the centre.' }),
  partner: PartnerRef,
  creation: CreationState.meta({ description: "The partner's create: asked for, done, or refused for good." }),
  status: ShipmentStatus.nullable().meta({ description: 'Derived from all updates (terminal statuses win; otherwise the latest by occurrence); null until the partner reports one.' }),
  statusLabel: StatusLabel.nullable(),
  deliveredAt: isoInstant.nullable(),
  codAmountVnd: z.int().min(0).meta({ description: 'Collected from the citizen on delivery.' }),
  requestedAt: isoInstant,
  lastHeardAt: isoInstant.meta({ description: 'The latest update received, else when the shipment was recorded.' }),
  stuck: Stuck,
  handoverId: z.string().nullable().meta({ description: 'The hand-over minutes it was handed to the partner with (outbound).' }),
};

/** One line of `GET /postal/shipments?dossierCode=`. */
export const ShipmentSummary = z.strictObject(SummaryFields);
export type ShipmentSummary = z.output<typeof ShipmentSummary>;

/** `GET /postal/shipments?dossierCode=`: the dossier's shipments (at most one each way) of the officer's agency. */
export const ShipmentList = z.strictObject({ dossierCode: z.string(), shipments: z.array(ShipmentSummary) });
export type ShipmentList = z.output<typeof ShipmentList>;

/** `GET /postal/shipments/{id}`: the whole shipment, what its updates say, and the updates themselves. */
export const ShipmentView = z.strictObject({
  ...SummaryFields,
  agencyCode: z.string(),
  procedureCode: z.string(),
  createdAt: isoInstant,
  recipientName: z.string().nullable().meta({ description: 'Who signed for it, when a delivered update says.' }),
  failedAttempts: z.int().min(0).meta({ description: 'Distinct failed delivery attempts.' }),
  failureAnnounced: z.boolean().meta({ description: 'Whether the dossier was flagged for pickup at the counter (returned, or too many failed attempts).' }),
  creationFailure: z
    .strictObject({
      reason: z.string().meta({ description: 'Why, in our words: rejected, unauthorized, not_found or bad_response (services/postal/adapters/partner.ts).' }),
      status: z.int().optional().meta({ description: "The partner's HTTP status, when it answered one." }),
      at: isoInstant,
    })
    .nullable()
    .meta({ description: 'While `creation` is failed: why the partner refused it (`npm run postal:retry` asks again once fixed); null otherwise.' }),
  receivedAtCentre: z
    .strictObject({ at: isoInstant, officer: z.string().meta({ description: "The confirming officer's id (sub)." }) })
    .nullable()
    .meta({ description: 'An inbound pickup confirmed received at the centre; null otherwise.' }),
  history: z.array(AppliedUpdateOut).meta({ description: 'The updates the status is derived from, each once, by occurrence time, then status rank.' }),
  unmapped: z.array(UpdateOut).meta({ description: 'Updates whose partner code is not mapped yet, each once: kept, not applied.' }),
  updates: z.array(UpdateOut).meta({ description: 'Every update as received, duplicates included, in arrival order.' }),
  version: z.int().min(1),
});
export type ShipmentView = z.output<typeof ShipmentView>;

// ---------------------------------------------------------------------------
// The views
// ---------------------------------------------------------------------------

/** The configured name of a partner, or null for one no longer configured (its old shipments still show). */
export function partnerNameOf(id: string, partners: readonly Partner[] = PARTNERS): string | null {
  return partners.find((p) => p.id === id)?.name ?? null;
}

function summaryOf(stored: StoredShipment, partners: readonly Partner[]): ShipmentSummary {
  const { state } = shipmentOf(stored);
  return {
    shipmentId: stored.shipmentId,
    dossierCode: stored.dossierCode,
    direction: stored.direction,
    partner: { id: stored.partner, name: partnerNameOf(stored.partner, partners), trackingNumber: stored.trackingNumber },
    creation: stored.creation,
    status: state.status,
    statusLabel: state.status && STATUS_LABELS_VI[state.status],
    deliveredAt: state.deliveredAt,
    codAmountVnd: stored.codAmountVnd,
    requestedAt: stored.requestedAt,
    lastHeardAt: stored.lastHeardAt,
    stuck: stored.stuckAt === null ? null : { flaggedAt: stored.stuckAt, silentSince: stored.lastHeardAt },
    handoverId: stored.handoverId,
  };
}

/** What an officer sees of one shipment. */
export function shipmentView(stored: StoredShipment, partners: readonly Partner[] = PARTNERS): ShipmentView {
  const { state } = shipmentOf(stored);
  return {
    ...summaryOf(stored, partners),
    agencyCode: stored.agencyCode,
    procedureCode: stored.procedureCode,
    createdAt: stored.createdAt,
    recipientName: state.recipientName,
    failedAttempts: state.failedAttempts,
    failureAnnounced: stored.failureAnnounced,
    creationFailure: stored.creation === 'failed' ? (stored.creationFailure ?? null) : null,
    receivedAtCentre: stored.receivedAtCentre ?? null,
    history: state.history.map((update) => ({ ...update, statusLabel: STATUS_LABELS_VI[update.status] })),
    unmapped: [...state.unmapped],
    updates: [...stored.updates],
    version: stored.version,
  };
}

/**
 * A dossier's shipments as an officer of `agency` sees them: those of other agencies are left
 * out (the list is then empty, as for a dossier with no shipment), outbound before inbound.
 */
export function shipmentList(dossierCode: string, found: readonly StoredShipment[], agency: string, partners: readonly Partner[] = PARTNERS): ShipmentList {
  const shipments = found
    .filter((s) => s.dossierCode === dossierCode && isOfAgency(s, agency))
    .sort((a, b) => (a.direction === b.direction ? (a.shipmentId < b.shipmentId ? -1 : 1) : a.direction === 'outbound' ? -1 : 1))
    .map((s) => summaryOf(s, partners));
  return { dossierCode, shipments };
}

/**
 * Whether an id from a path could be a shipment's: anything else is not read, so an id longer
 * than a DynamoDB key may be (2 KB) is a 404 rather than the store's refusal, a 500.
 */
export const couldBeShipmentId = (id: string): boolean => ShipmentUpdatedData.shape.shipmentId.safeParse(id).success;

/**
 * The shipment an officer of `agency` asked for by id, or 404: one of another agency is answered
 * exactly as one that does not exist, so the answer says nothing of other agencies' shipments.
 */
export function shipmentFor(found: StoredShipment | null, agency: string, shipmentId: string): StoredShipment {
  if (!found || !isOfAgency(found, agency)) throw notFound({ vi: 'bưu gửi', en: 'shipment' }, { shipmentId });
  return found;
}
