import { isTerminal, STATUS_RANK, type ShipmentStatus } from './status.ts';
import type { PostalEventData } from '../../../libs/events/postal.ts';

/**
 * A shipment and the one rule that says where it stands. Partner updates arrive duplicated (a
 * webhook retried, the same scan seen by the poller and the webhook) and out of order; every raw
 * update is kept, and the state is always derived again from all of them by `derive`, a function
 * of the set of updates only. So any permutation of the same updates, with any duplicates, gives
 * the same state and history, and applying one more update can only add to what is known.
 */

/** One raw update as we received it, its partner code already mapped (partners.ts). */
export interface ShipmentUpdate {
  /** Unique per update at the partner: the `webhook-id`, or the polled row's id. */
  readonly updateId: string;
  readonly partner: string;
  /** The partner's own code, as sent. */
  readonly rawStatus: string;
  /** Our status for it; null when the code is unmapped (kept, not applied). */
  readonly status: ShipmentStatus | null;
  /** When it happened at the partner (ISO UTC). */
  readonly occurredAt: string;
  /** When we received it (ISO UTC, our clock). */
  readonly receivedAt: string;
  readonly location?: string;
  readonly note?: string;
  readonly recipientName?: string;
  readonly attempt?: number;
}

export type AppliedUpdate = ShipmentUpdate & { readonly status: ShipmentStatus };

/** What all the updates say together. */
export interface ShipmentState {
  /** Null until the partner reports anything we can read. */
  readonly status: ShipmentStatus | null;
  /** When it was delivered (the earliest delivered update), once it is. */
  readonly deliveredAt: string | null;
  /** Who signed for it, when a delivered update says. */
  readonly recipientName: string | null;
  /** Distinct failed delivery attempts: by attempt number when the partner gives one, else by time. */
  readonly failedAttempts: number;
  /** The applied updates, each once, in order of (occurredAt, rank, updateId). */
  readonly history: readonly AppliedUpdate[];
  /** Updates whose code we cannot read yet, each once, in the same order. */
  readonly unmapped: readonly ShipmentUpdate[];
}

const byOccurrence = (a: ShipmentUpdate, b: ShipmentUpdate): number =>
  compare(a.occurredAt, b.occurredAt) || rankOf(a) - rankOf(b) || compare(a.updateId, b.updateId);
const rankOf = (update: ShipmentUpdate) => (update.status ? STATUS_RANK[update.status] : 0);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Everything an update says but its id, in a fixed order. */
const reportOf = (u: ShipmentUpdate): string =>
  JSON.stringify([u.partner, u.rawStatus, u.status, u.occurredAt, u.receivedAt, u.location ?? null, u.note ?? null, u.recipientName ?? null, u.attempt ?? null]);
const sameUpdate = (a: ShipmentUpdate, b: ShipmentUpdate) => a.updateId === b.updateId && reportOf(a) === reportOf(b);
const withoutReceipt = (u: ShipmentUpdate): ShipmentUpdate => ({ ...u, receivedAt: '' });

/**
 * The same update received again: same id, same report, whenever it arrived (a webhook retried
 * after a lost answer, a row polled twice). Nothing to keep: the first receipt is the one kept,
 * and it is also the earliest, the one `derive` would choose.
 */
export function isRedelivery(shipment: Pick<Shipment, 'updates'>, update: ShipmentUpdate): boolean {
  return shipment.updates.some((kept) => sameUpdate(withoutReceipt(kept), withoutReceipt(update)));
}
/** Which of two updates that count once is kept: by what they say, then by id — never by which came first. */
const keptOver = (a: ShipmentUpdate, b: ShipmentUpdate) => reportOf(a) < reportOf(b) || (reportOf(a) === reportOf(b) && a.updateId < b.updateId);

/** The first of each group by `key`, where "first" is by `better`: a choice that does not depend on arrival order. */
function onceEach<T>(items: readonly T[], key: (item: T) => string, better: (a: T, b: T) => boolean): T[] {
  const kept = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const held = kept.get(k);
    if (held === undefined || better(item, held)) kept.set(k, item);
  }
  return [...kept.values()];
}

/**
 * The monotonic rule. Updates count once: the same update id, or the same status at the same
 * instant under two ids (the webhook and the poller both saw it; for an unmapped update, the same
 * raw code). Which of them is kept depends on what they say, then on their ids, never on which
 * came first. Then:
 * - a terminal status wins over any non-terminal one, whenever it occurred: a late in_transit
 *   never undoes delivered; between terminal statuses the higher rank wins (delivered over a
 *   return or a cancellation: the package is in the citizen's hands), so delivered, once known,
 *   is never undone by anything;
 * - otherwise the latest by occurrence time, then status rank, then update id.
 */
export function derive(updates: readonly ShipmentUpdate[]): ShipmentState {
  const byId = onceEach(updates, (u) => u.updateId, keptOver);
  const reports = onceEach(byId, (u) => `${u.status ?? `raw ${u.rawStatus}`}\u0000${u.occurredAt}`, keptOver).sort(byOccurrence);
  const history = reports.filter((u): u is AppliedUpdate => u.status !== null);
  const unmapped = reports.filter((u) => u.status === null);

  const terminal = history.filter((u) => isTerminal(u.status)).sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
  const status = terminal[0]?.status ?? history.at(-1)?.status ?? null;
  const delivered = history.filter((u) => u.status === 'delivered');
  const failures = new Set(history.filter((u) => u.status === 'delivery_failed').map((u) => (u.attempt === undefined ? `at ${u.occurredAt}` : `attempt ${u.attempt}`)));
  return {
    status,
    deliveredAt: delivered[0]?.occurredAt ?? null,
    recipientName: delivered.find((u) => u.recipientName)?.recipientName ?? null,
    failedAttempts: failures.size,
    history,
    unmapped,
  };
}

export type Direction = PostalEventData<'ShipmentCreated'>['direction'];

/** A shipment: who it is, every raw update kept in arrival order, and what they say together. */
export interface Shipment {
  /** Ours, deterministic from the dossier (creation.ts). */
  readonly shipmentId: string;
  readonly dossierCode: string;
  /** Outbound: a result to the citizen; inbound: a dossier picked up from the citizen for the centre. */
  readonly direction: Direction;
  readonly partner: string;
  readonly createdAt: string;
  /** 1 when created, one more for each change: the `sequence` of the events it announces. */
  readonly version: number;
  readonly updates: readonly ShipmentUpdate[];
  readonly state: ShipmentState;
  /** When the sweep last flagged it stuck, until the next update (stuck.ts). */
  readonly stuckAt: string | null;
  /**
   * Whether ShipmentDeliveryFailed was announced. Recorded, not derived: the count of failed
   * attempts can fall back as a report is replaced by its same-instant twin (one numbered, one
   * not), and the dossier must be flagged for the counter once, not once per crossing.
   */
  readonly failureAnnounced: boolean;
}

export function openShipment(fields: Pick<Shipment, 'shipmentId' | 'dossierCode' | 'direction' | 'partner' | 'createdAt'>): Shipment {
  return { ...fields, version: 1, updates: [], state: derive([]), stuckAt: null, failureAnnounced: false };
}

export type FailureReason = PostalEventData<'ShipmentDeliveryFailed'>['reason'];

/** What a change owes the bus (data as postal's catalog defines it); `occurredAt` is the partner's time of what the event announces. */
export type OwedEvent = {
  [T in 'ShipmentStatusChanged' | 'ShipmentDelivered' | 'ShipmentDeliveryFailed']: { readonly type: T; readonly occurredAt: string; readonly data: PostalEventData<T> };
}['ShipmentStatusChanged' | 'ShipmentDelivered' | 'ShipmentDeliveryFailed'];

/**
 * Why the result will not reach the citizen by post, if it will not: the package came back, or
 * the partner failed to deliver it `limit` times. Either way the dossier is flagged for pickup at
 * the counter, once (see `failureAnnounced`).
 */
function failureOf(state: ShipmentState, limit: number): FailureReason | null {
  if (state.status === 'returned_to_sender') return 'returned_to_sender';
  if (state.failedAttempts >= limit && state.status !== 'delivered') return 'repeated_failures';
  return null;
}

export interface ApplyOptions {
  /** Failed delivery attempts after which the dossier is flagged for pickup at the counter. */
  readonly failureLimit?: number;
}
export const DEFAULT_FAILURE_LIMIT = 3;

/**
 * One more raw update. An exact duplicate (same id, same content: a webhook delivered twice)
 * changes nothing and owes nothing. Anything else is kept (so the officer sees every report), the
 * state derived again, the stuck flag cleared, and the events owed are those whose condition the
 * update made true: delivered once, since it is absorbing; the failure once, by the record of
 * its announcement (`failureAnnounced`).
 */
export function applyUpdate(shipment: Shipment, update: ShipmentUpdate, { failureLimit = DEFAULT_FAILURE_LIMIT }: ApplyOptions = {}): { shipment: Shipment; events: OwedEvent[] } {
  if (shipment.updates.some((kept) => sameUpdate(kept, update))) return { shipment, events: [] };
  const before = shipment.state;
  const after = derive([...shipment.updates, update]);
  const reason = failureOf(after, failureLimit);
  const announceFailure = reason !== null && !shipment.failureAnnounced;
  const next: Shipment = {
    ...shipment,
    version: shipment.version + 1,
    updates: [...shipment.updates, update],
    state: after,
    stuckAt: null,
    failureAnnounced: shipment.failureAnnounced || announceFailure,
  };
  const { shipmentId, partner } = shipment;
  const events: OwedEvent[] = [];
  if (after.status !== before.status && after.status !== null) {
    const cause = after.history.findLast((u) => u.status === after.status)!;
    events.push({ type: 'ShipmentStatusChanged', occurredAt: cause.occurredAt, data: { shipmentId, partner, status: after.status, previousStatus: before.status } });
  }
  if (after.status === 'delivered' && before.status !== 'delivered') {
    events.push({ type: 'ShipmentDelivered', occurredAt: after.deliveredAt!, data: { shipmentId, partner, ...(after.recipientName ? { recipientName: after.recipientName } : {}) } });
  }
  if (announceFailure) {
    const cause = after.history.find((u) => u.status === 'returned_to_sender') ?? after.history.findLast((u) => u.status === 'delivery_failed')!;
    events.push({ type: 'ShipmentDeliveryFailed', occurredAt: cause.occurredAt, data: { shipmentId, partner, reason, failedAttempts: after.failedAttempts } });
  }
  return { shipment: next, events };
}
