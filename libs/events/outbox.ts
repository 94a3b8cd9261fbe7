import { isoDateOf, localDateOf } from '../calendar/working-days.ts';
import { parseDomainEvent, type DomainEvent } from './catalog.ts';

/**
 * A producer's outbox: an append-only table whose stream the publisher reads. Every producer
 * writes its entries in the same shape, in the same transaction as the change they announce:
 *
 * - `pk` the aggregate (a dossier's code), `sk` its sequence zero-padded (so a dossier's
 *   entries sort in order, and a second entry for the same sequence fails its condition);
 * - `day` (local date) and `recordedKey` (`occurredAt#eventId`) for the `byDay` index that
 *   replays and rebuilds read instead of scanning;
 * - `event`: the envelope, as the bus carries it.
 */
export const OUTBOX_DAY_INDEX = 'byDay';

export function outboxItem(event: DomainEvent, aggregate: string = event.dossierCode): Record<string, unknown> {
  return {
    pk: aggregate,
    sk: String(event.sequence).padStart(8, '0'),
    day: isoDateOf(localDateOf(new Date(event.occurredAt))),
    recordedKey: `${event.occurredAt}#${event.eventId}`,
    event,
  };
}

/**
 * The event of a stored outbox entry, validated. Entries written before events carried
 * `sequence` are upgraded here, where they are read: their sort key is that sequence.
 */
export function eventOfOutboxItem(item: Record<string, unknown>): DomainEvent {
  const event = item.event as Record<string, unknown> | undefined;
  const sequence = event?.sequence ?? (typeof item.sk === 'string' ? Number(item.sk) : undefined);
  return parseDomainEvent({ ...event, sequence });
}
