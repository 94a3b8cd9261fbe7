import { RETRYABLE_FAILURE, type HttpFailureReason } from '../../../libs/platform/http-client.ts';
import type { ShipmentOrder } from '../domain/creation.ts';
import { PartnerTime } from '../domain/local-time.ts';
import { mapStatus, type Partner } from '../domain/partners.ts';
import type { ShipmentUpdate } from '../domain/shipment.ts';

/**
 * What every postal partner does for us, whatever its API: create a shipment, cancel it, and
 * give the tracking updates since a cursor. The service talks to this interface only, so one
 * province can use two carriers and a new carrier is one adapter and one entry in partners.json.
 */
export interface PartnerAdapter {
  readonly partner: Partner;
  /**
   * Creates the shipment, or answers the one already created for the same `order.shipmentId`:
   * our shipment id goes to the partner as its client reference (idempotency key), so a
   * redelivered message or a retry after a lost answer creates nothing twice.
   */
  createShipment(order: ShipmentOrder): Promise<CreatedShipment>;
  /** Cancels at the partner. Both ids are given: partners address shipments by their tracking number. */
  cancelShipment(shipment: ShipmentRef): Promise<void>;
  /**
   * Tracking updates after `cursor` (null: from the start the partner keeps), as sent, and the
   * cursor to ask from next. `more` says another page is ready now; when false, ask again at the
   * next scheduled poll. A webhook partner pushes its updates and answers an empty page.
   */
  trackingSince(cursor: string | null): Promise<TrackingPage>;
}

export interface ShipmentRef {
  readonly shipmentId: string;
  readonly trackingNumber: string;
}

export interface CreatedShipment {
  readonly trackingNumber: string;
  /** False when the partner answered with the shipment an earlier request created. */
  readonly created: boolean;
}

/** One tracking update as the partner sent it: its code and its time unread, so nothing is lost to our reading of them. */
export interface RawTrackingUpdate {
  readonly partner: string;
  /** Unique per update at the partner; when the partner gives none, made from what the row says. */
  readonly updateId: string;
  /** Which shipment: the partner's tracking number (polled), or our shipment id (a webhook names ours). */
  readonly trackingNumber?: string;
  readonly shipmentId?: string;
  readonly rawStatus: string;
  /** As the partner wrote it (`dd/MM/yyyy HH:mm:ss`, or ISO with an offset). */
  readonly partnerTime: string;
  readonly location?: string;
  readonly note?: string;
  readonly recipientName?: string;
  /** Which delivery attempt, when the partner numbers them. */
  readonly attempt?: number;
}

export interface TrackingPage {
  readonly updates: readonly RawTrackingUpdate[];
  readonly nextCursor: string | null;
  readonly more: boolean;
}

/**
 * A raw update in our terms: its code mapped through partners.json (an unknown code stays,
 * with status null: kept, not applied) and its time as an ISO instant. A time we cannot read is
 * a problem to report, not an update to guess: a wrong instant would reorder the history.
 */
export function readTrackingUpdate(
  partner: Partner,
  raw: RawTrackingUpdate,
  receivedAt: string,
): { ok: true; update: ShipmentUpdate } | { ok: false; problem: string } {
  const time = PartnerTime.safeParse(raw.partnerTime);
  if (!time.success) return { ok: false, problem: `update ${raw.updateId}: time ${time.error.issues[0]?.message ?? 'unreadable'}` };
  const mapped = mapStatus(partner, raw.rawStatus);
  return {
    ok: true,
    update: {
      updateId: raw.updateId,
      partner: partner.id,
      rawStatus: mapped.rawCode,
      status: mapped.mapped ? mapped.status : null,
      occurredAt: time.data,
      receivedAt,
      ...(raw.location === undefined ? {} : { location: raw.location }),
      ...(raw.note === undefined ? {} : { note: raw.note }),
      ...(raw.recipientName === undefined ? {} : { recipientName: raw.recipientName }),
      ...(raw.attempt === undefined ? {} : { attempt: raw.attempt }),
    },
  };
}

/**
 * Why a call to a partner failed. `retryable` decides what the caller does: a retryable failure
 * (timeout, network, 429, 5xx) throws out of the queue consumer, so the message comes back and
 * ends in the DLQ after its retries; a non-retryable one (the partner refused the request or our
 * credentials) will fail the same way again and needs a person. Messages name the partner, the
 * method, the path and the status only: never a body, which may carry a name or a phone.
 */
export type PartnerErrorReason = HttpFailureReason;

export class PartnerError extends Error {
  readonly partner: string;
  readonly reason: PartnerErrorReason;
  readonly retryable: boolean;
  /** The HTTP status, when the partner answered. */
  readonly status: number | undefined;
  /** How many calls were made before giving up. */
  readonly attempts: number;

  constructor(init: { partner: string; reason: PartnerErrorReason; message: string; status?: number; attempts?: number }) {
    super(`postal partner ${init.partner}: ${init.message}`);
    this.name = 'PartnerError';
    this.partner = init.partner;
    this.reason = init.reason;
    this.retryable = RETRYABLE_FAILURE[init.reason];
    this.status = init.status;
    this.attempts = init.attempts ?? 1;
  }
}
