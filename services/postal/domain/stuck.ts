import type { PostalEventData } from '../../../libs/events/postal.ts';
import { isTerminal } from './status.ts';
import type { Shipment } from './shipment.ts';

/**
 * The sweep's rule (run on a schedule): a shipment still on its way that nobody has heard of for
 * a while is stuck — the partner lost it, or lost our shipment, or its webhooks stopped. Flagged
 * once per silence: the flag stays until the next update clears it (applyUpdate), so a sweep every
 * hour does not announce the same silence every hour, and a new silence after an update is
 * announced again.
 */

export const DEFAULT_STUCK_AFTER_MS = 3 * 86_400_000;

export interface ShipmentStuck {
  readonly type: 'ShipmentStuck';
  /** The instant the sweep noticed. */
  readonly occurredAt: string;
  readonly data: PostalEventData<'ShipmentStuck'>;
}

/** When we last heard anything about it: the latest update we received (our clock), else its creation. */
export function lastHeardOf(shipment: Shipment): string {
  return shipment.updates.reduce((latest, update) => (update.receivedAt > latest ? update.receivedAt : latest), shipment.createdAt);
}

export function sweep(shipment: Shipment, now: Date, { stuckAfterMs = DEFAULT_STUCK_AFTER_MS }: { stuckAfterMs?: number } = {}): { shipment: Shipment; events: ShipmentStuck[] } {
  const { status } = shipment.state;
  const silentSince = lastHeardOf(shipment);
  const silent = now.getTime() - new Date(silentSince).getTime() >= stuckAfterMs;
  if ((status !== null && isTerminal(status)) || !silent || shipment.stuckAt !== null) return { shipment, events: [] };
  const at = now.toISOString();
  return {
    shipment: { ...shipment, stuckAt: at, version: shipment.version + 1 },
    events: [{ type: 'ShipmentStuck', occurredAt: at, data: { shipmentId: shipment.shipmentId, partner: shipment.partner, status, silentSince } }],
  };
}
