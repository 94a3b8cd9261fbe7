import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConcurrentChange, lostRace } from '../../../libs/platform/concurrency.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxItem } from '../../../libs/events/outbox.ts';
import { POSTAL_EVENTS, type PostalEvent, type PostalEventType } from '../../../libs/events/postal.ts';
import type { ShipmentOrder } from '../domain/creation.ts';
import { Handover } from '../domain/handover.ts';
import { derive } from '../domain/shipment.ts';
import { isTerminal } from '../domain/status.ts';
import { openStoredShipment, StoredShipment } from '../domain/stored-shipment.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Shipments by dossier code, for the officers' search. */
export const DOSSIER_INDEX = 'byDossier';
/** Open shipments by when we last heard of them (sparse): the stuck sweep reads only these. */
export const QUIET_INDEX = 'byQuiet';

/** A shipment as postal keeps it (domain/stored-shipment.ts): no address, no phone. */
export type ShipmentRecord = StoredShipment;

export interface PostalTables {
  readonly shipments: string;
  /** Only the functions that write events are given the outbox. */
  readonly outbox?: string;
}

const shipmentKey = (shipmentId: string) => ({ pk: `shipment#${shipmentId}` });
const trackingKey = (partner: string, trackingNumber: string) => ({ pk: `tracking#${partner}#${trackingNumber}` });
const cursorKey = (partner: string) => ({ pk: `cursor#${partner}` });
const handoverKey = (handoverId: string) => ({ pk: `handover#${handoverId}` });

/** An event a change owes, before it gets its envelope. */
export type Owed<T extends PostalEventType = PostalEventType> = {
  [K in T]: { readonly type: K; readonly occurredAt: string; readonly data: Extract<PostalEvent, { type: K }>['data'] };
}[T];

/**
 * Postal's shipments table and outbox. Every change is one transaction: the shipment, put only if
 * its version is the one read, and the events it owes in the outbox, so a change is never saved
 * without its events nor announced without being saved.
 */
export class ShipmentRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tables: PostalTables;

  constructor(client: DynamoDBDocumentClient, tables: PostalTables) {
    this.client = client;
    this.tables = tables;
  }

  async get(shipmentId: string): Promise<ShipmentRecord | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.shipments, Key: shipmentKey(shipmentId), ConsistentRead: true }));
    return Item ? fromItem(Item) : null;
  }

  async byDossier(dossierCode: string): Promise<ShipmentRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tables.shipments, IndexName: DOSSIER_INDEX, KeyConditionExpression: 'dossierCode = :code', ExpressionAttributeValues: { ':code': dossierCode } }),
    );
    // The index is eventually consistent: read each again from the table.
    const found = await Promise.all(Items.map((item) => this.get(item.shipmentId as string)));
    return found.filter((record): record is ShipmentRecord => record !== null);
  }

  async shipmentOfTracking(partner: string, trackingNumber: string): Promise<string | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.shipments, Key: trackingKey(partner, trackingNumber) }));
    return (Item?.shipmentId as string | undefined) ?? null;
  }

  /**
   * Records a shipment to be asked of the partner, once: answers the record already there when
   * the same need arrives again (a redelivered or replayed event).
   */
  async open(order: ShipmentOrder, fields: { partner: string; procedureCode: string; centreName: string; sourceEvent: Record<string, unknown> }, now: Date): Promise<ShipmentRecord> {
    const record = openStoredShipment(order, { ...fields, now });
    try {
      await this.client.send(new PutCommand({ TableName: this.tables.shipments, Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
      return record;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return (await this.get(order.shipmentId))!;
    }
  }

  /** The partner made it: its tracking number, the mapping back from it, and ShipmentCreated. */
  async created(record: ShipmentRecord, trackingNumber: string, now: Date): Promise<ShipmentRecord> {
    const { creationFailure: _, ...rest } = record;
    const next: ShipmentRecord = { ...rest, creation: 'created', trackingNumber };
    const event: Owed<'ShipmentCreated'> = {
      type: 'ShipmentCreated',
      occurredAt: now.toISOString(),
      data: { shipmentId: record.shipmentId, partner: record.partner, direction: record.direction, service: 'HCC', ...(record.codAmountVnd ? { codAmountVnd: record.codAmountVnd } : {}) },
    };
    return this.save(record, next, [event], [{ Put: { TableName: this.tables.shipments, Item: { ...trackingKey(record.partner, trackingNumber), shipmentId: record.shipmentId } } }]);
  }

  /** The partner refused it (not worth retrying by itself): kept for the officer and for `postal:retry`. */
  async creationFailed(record: ShipmentRecord, failure: { reason: string; status?: number }, now: Date): Promise<void> {
    await this.save(record, { ...record, creation: 'failed', creationFailure: { ...failure, at: now.toISOString() } }, []);
  }

  /**
   * Saves a change and the events it owes, in one transaction, conditional on the version read.
   * Each event gets its own sequence (the shipment's version counts events), so a change that owes
   * two (status changed, delivered) orders them, and the version ends at the last.
   */
  async save(previous: ShipmentRecord, next: ShipmentRecord, owed: readonly Owed[], extra: TransactItem[] = []): Promise<ShipmentRecord> {
    const version = previous.version + Math.max(1, owed.length);
    const saved: ShipmentRecord = { ...next, version };
    const events = owed.map((event, index) => envelopeOf(saved, event, previous.version + 1 + index));
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tables.shipments,
          Item: toItem(saved),
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': previous.version },
        },
      },
      ...events.map((event) => ({ Put: { TableName: this.outbox(), Item: outboxItem(event, saved.shipmentId), ConditionExpression: 'attribute_not_exists(pk)' } })),
      ...extra,
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (lostRace(error)) throw new ConcurrentChange(saved.shipmentId);
      throw error;
    }
    return saved;
  }

  /** Open shipments nobody heard of since before `before`: the stuck sweep's candidates, oldest first. */
  async quietSince(before: string, limit = 500): Promise<string[]> {
    const ids: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.shipments,
          IndexName: QUIET_INDEX,
          KeyConditionExpression: 'watch = :open AND quietSince < :before',
          ExpressionAttributeValues: { ':open': 'open', ':before': before },
          ExclusiveStartKey,
          Limit: limit - ids.length,
        }),
      );
      for (const item of page.Items ?? []) ids.push(item.shipmentId as string);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && ids.length < limit);
    return ids;
  }

  async cursor(partner: string): Promise<string | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.shipments, Key: cursorKey(partner), ConsistentRead: true }));
    return (Item?.cursor as string | undefined) ?? null;
  }

  async saveCursor(partner: string, cursor: string | null, now: Date): Promise<void> {
    await this.client.send(new UpdateCommand({
      TableName: this.tables.shipments,
      Key: cursorKey(partner),
      UpdateExpression: 'SET #cursor = :cursor, polledAt = :now',
      ExpressionAttributeNames: { '#cursor': 'cursor' },
      ExpressionAttributeValues: { ':cursor': cursor, ':now': now.toISOString() },
    }));
  }

  /** The hand-over minutes of that id, and the centre's name they print. */
  async handover(handoverId: string): Promise<{ handover: Handover; centreName: string } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.shipments, Key: handoverKey(handoverId) }));
    return Item ? { handover: Handover.parse(Item.handover), centreName: Item.centreName as string } : null;
  }

  /**
   * Records the minutes and marks each shipment with them, in one transaction: written once (a
   * taken id fails), and each shipment only if unchanged since it was read (so never on two
   * minutes, and never overwritten by a partner update read before). Answers false when a shipment
   * changed meanwhile or the id was taken: the caller reads again and decides again.
   */
  async recordHandover(handover: Handover, shipments: readonly ShipmentRecord[]): Promise<boolean> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tables.shipments,
          Item: { ...handoverKey(handover.handoverId), handover, centreName: shipments[0]!.centreName },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...shipments.map((shipment) => ({
        Update: {
          TableName: this.tables.shipments,
          Key: shipmentKey(shipment.shipmentId),
          UpdateExpression: 'SET handoverId = :handover, #version = :next',
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':handover': handover.handoverId, ':previous': shipment.version, ':next': shipment.version + 1 },
        },
      })),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  private outbox(): string {
    if (!this.tables.outbox) throw new Error('this function was not given the postal outbox');
    return this.tables.outbox;
  }
}

/** The bus envelope of an owed event: postal's integration is the actor; the shipment's version its sequence. */
function envelopeOf(record: ShipmentRecord, owed: Owed, sequence: number): PostalEvent {
  return POSTAL_EVENTS[owed.type].parse({
    eventId: randomUUID(),
    version: 1,
    type: owed.type,
    occurredAt: owed.occurredAt,
    sequence,
    dossierCode: record.dossierCode,
    agencyCode: record.agencyCode,
    procedureCode: record.procedureCode,
    actor: { kind: 'system', id: `postal:${record.partner}` },
    data: owed.data,
  }) as PostalEvent;
}

/**
 * The stored item: the record, its key, and the index attributes. `watch` is present only while
 * the sweep should look at it (created at the partner, not in a final status, not already
 * flagged), so the quiet index holds exactly the shipments that can become stuck.
 */
function toItem(record: ShipmentRecord): Record<string, unknown> {
  const { status } = derive(record.updates);
  const watched = record.creation === 'created' && !(status && isTerminal(status)) && record.stuckAt === null;
  return {
    ...shipmentKey(record.shipmentId),
    ...record,
    status,
    ...(watched ? { watch: 'open', quietSince: record.lastHeardAt } : {}),
  };
}

/** `StoredShipment` drops the key and index attributes. */
const fromItem = (item: Record<string, unknown>): ShipmentRecord => StoredShipment.parse(item);

export { ConcurrentChange };
