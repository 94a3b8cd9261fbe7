import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { TimeLimit } from '../../../libs/calendar/deadlines.ts';
import type { Actor } from '../../../libs/events/envelope.ts';
import type { IntakeEvent as DomainEvent, IntakeEventType as DomainEventType, EventData } from '../../../libs/events/intake.ts';
import { outboxItem } from '../../../libs/events/outbox.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import { logger } from '../../../libs/platform/powertools.ts';
import { KeyAlreadyRecorded, keyRecordPut, liveRecord, recordInTheWay, type KeyRecord } from '../../../libs/platform/idempotency-key.ts';
import { CLOCK_RUNNING, type Dossier, type Status } from '../domain/dossier.ts';
import { couldBeIssued, receiptDay } from '../domain/dossier-code.ts';
import { IMPORTED_CODE, isImportedItem, type ImportedDossier } from '../domain/history-import.ts';
import catalogProcedures from '../data/procedures.json' with { type: 'json' };

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** The sparse index of dossiers someone must watch, by status and the instant that matters. */
export const WATCH_INDEX = 'byWatch';

export interface IntakeTables {
  readonly dossiers: string;
  /** The history (outbox): bound to the functions that change dossiers or read their history. */
  readonly history?: string;
  /** Idempotency-Key records of POST /dossiers (bound to SubmitDossier only). */
  readonly idempotency?: string;
}

/**
 * Dossiers and their history. Every change writes the dossier and its history entry
 * in one transaction; the history table's stream then announces the event, so a
 * change is never saved without its event, nor announced without being saved.
 */
export class DossierRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tables: IntakeTables;

  constructor(client: DynamoDBDocumentClient, tables: IntakeTables) {
    this.client = client;
    this.tables = tables;
  }

  /** A table only some functions are given: using it without is a wiring mistake, said plainly. */
  private bound(table: 'history' | 'idempotency'): string {
    const name = this.tables[table];
    if (!name) throw new Error(`this function has no ${table} table bound`);
    return name;
  }

  /** The agency's next running number for the day: an atomic counter, unique under any concurrency. */
  async nextRunningNumber(agencyCode: string, day: string): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tables.dossiers,
        Key: { pk: `counter#${agencyCode}#${day}` },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes!.n);
  }

  /**
   * A live dossier to act on. An imported one (history from the previous system) has no
   * applicant, documents or clock: every action, receipt and delivery is refused with a 409.
   */
  async get(code: string): Promise<Dossier | null> {
    const found = await this.find(code);
    if (found?.kind === 'imported') throw importedDossier(code);
    return found?.dossier ?? null;
  }

  /** A dossier of either kind, for the views: a live one, or one loaded by the history import. */
  async find(code: string): Promise<{ kind: 'live'; dossier: Dossier } | { kind: 'imported'; dossier: ImportedDossier } | null> {
    if (!couldBeIssued(code) && !IMPORTED_CODE.test(code)) return null;
    // Strongly consistent: an action reads the version it will condition its write on.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.dossiers, Key: { pk: code }, ConsistentRead: true }));
    if (!Item || !('code' in Item)) return null;
    if (isImportedItem(Item)) {
      const { pk: _pk, ...dossier } = Item;
      return { kind: 'imported', dossier: dossier as ImportedDossier };
    }
    return { kind: 'live', dossier: fromItem(Item) };
  }

  /**
   * Dossiers in `status` whose watched instant (the appointment; for a supplement, its
   * closing time) is at or before `until`, from the sparse index: never a scan.
   */
  async *watched(status: Status, until: Date): AsyncGenerator<Dossier> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.dossiers,
          IndexName: WATCH_INDEX,
          KeyConditionExpression: 'watchStatus = :status AND watchAt <= :until',
          ExpressionAttributeValues: { ':status': status, ':until': until.toISOString() },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        let dossier: Dossier;
        try {
          dossier = fromItem(item);
        } catch (error) {
          // One record we cannot read (a legacy shape without what it needs) must not stop the
          // watch for every other dossier: it is skipped and named, for someone to repair.
          logger.error('stored dossier cannot be read; not watched', { code: String(item.pk), error: (error as Error).message });
          continue;
        }
        yield dossier;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async history(code: string): Promise<DomainEvent[]> {
    const events: DomainEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.bound('history'),
          KeyConditionExpression: 'pk = :code',
          ExpressionAttributeValues: { ':code': code },
          // The view returned right after a change must include the entry just written.
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      events.push(...(page.Items ?? []).map((item) => item.event as DomainEvent));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  /**
   * Takes one of today's citizen lookups of this code, atomically, before the digits are
   * compared, so parallel guesses cannot slip past the limit; false once they are used up.
   * The count expires with the day (TTL).
   */
  async takeLookupAttempt(code: string, now: Date, perDay: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tables.dossiers,
          Key: { pk: lookupKey(code, now) },
          UpdateExpression: 'ADD attempts :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': perDay, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** A lookup that found the dossier does not count against the limit. */
  async giveBackLookupAttempt(code: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tables.dossiers,
        Key: { pk: lookupKey(code, now) },
        UpdateExpression: 'ADD attempts :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      }),
    );
  }

  /** The live record of an Idempotency-Key, read strongly consistent: it is checked before a number is taken. */
  async keyRecord(id: string, now: Date): Promise<KeyRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.bound('idempotency'), Key: { id }, ConsistentRead: true }));
    return liveRecord(Item, now);
  }

  /**
   * Stores a new dossier and its DossierReceived event, and with `key` the request's
   * Idempotency-Key record, all or nothing; fails if the code exists, and with
   * KeyAlreadyRecorded if another request saved the key meanwhile.
   */
  async create<T extends DomainEventType>(
    dossier: Dossier,
    event: { type: T; data: EventData<T> },
    actor: Actor,
    now: Date,
    key?: KeyRecord,
  ): Promise<DomainEvent> {
    const envelope = this.envelope(dossier, event, actor, now);
    await this.transact(
      [
        { Put: { TableName: this.tables.dossiers, Item: toItem(dossier), ConditionExpression: 'attribute_not_exists(pk)' } },
        this.historyPut(envelope),
        ...(key ? [keyRecordPut(this.bound('idempotency'), key, now)] : []),
      ],
      key ? 2 : undefined,
    );
    return envelope;
  }

  /** Saves the next state if nobody changed the dossier since `previous` was read. */
  async update<T extends DomainEventType>(
    previous: Dossier,
    next: Dossier,
    event: { type: T; data: EventData<T> },
    actor: Actor,
    now: Date,
  ): Promise<{ dossier: Dossier; event: DomainEvent }> {
    const change = this.change(previous, next, event, actor, now);
    await this.transact(change.writes);
    return { dossier: change.dossier, event: change.event };
  }

  /**
   * The writes of a change, for a caller that adds its own to the same transaction (a bus
   * event's marker): the dossier, conditional on the version `previous` was read at, and its
   * outbox entry.
   */
  change<T extends DomainEventType>(previous: Dossier, next: Dossier, event: { type: T; data: EventData<T> }, actor: Actor, now: Date) {
    const saved: Dossier = { ...next, version: previous.version + 1 };
    const envelope = this.envelope(saved, event, actor, now);
    const writes: TransactItem[] = [
      {
        Put: {
          TableName: this.tables.dossiers,
          Item: toItem(saved),
          ConditionExpression: '#version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': previous.version },
        },
      },
      this.historyPut(envelope),
    ];
    return { dossier: saved, event: envelope, writes };
  }

  private envelope<T extends DomainEventType>(dossier: Dossier, event: { type: T; data: EventData<T> }, actor: Actor, now: Date): DomainEvent {
    return {
      eventId: randomUUID(),
      type: event.type,
      version: 1,
      occurredAt: now.toISOString(),
      sequence: dossier.version,
      dossierCode: dossier.code,
      agencyCode: dossier.agencyCode,
      procedureCode: dossier.procedureCode,
      actor,
      data: event.data,
    } as DomainEvent;
  }

  private historyPut(event: DomainEvent) {
    return { Put: { TableName: this.bound('history'), Item: outboxItem(event), ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** `keyRecordAt`: where an Idempotency-Key record's Put is among the items, if there is one. */
  private async transact(items: TransactItem[], keyRecordAt?: number): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      // A key recorded meanwhile is an answer to give, not a conflict. (Should DynamoDB not return
      // the record, the 409 below is still safe: the client's retry finds it and is answered.)
      const recorded = keyRecordAt !== undefined && error instanceof TransactionCanceledException ? recordInTheWay(error, keyRecordAt) : undefined;
      if (recorded) throw new KeyAlreadyRecorded(recorded);
      // Someone else's change came first: either it was saved (our condition failed), or it was
      // being saved at the same instant (DynamoDB cancels both with TransactionConflict).
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict')) {
        throw new DomainError(
          'CONCURRENT_UPDATE',
          'Hồ sơ vừa được người khác cập nhật, vui lòng tải lại và thử lại',
          'The dossier was changed by someone else meanwhile; reload it and try again',
        );
      }
      throw error;
    }
  }
}

/** The stored item: the dossier, keyed by code, with index keys only while it must be watched. */
function toItem(dossier: Dossier): Record<string, unknown> {
  const item: Record<string, unknown> = { pk: dossier.code, ...dossier };
  // Once overdue was announced for this appointment there is nothing left to warn about:
  // leaving the index keeps the watch's reads proportional to what is still to come.
  if (CLOCK_RUNNING.includes(dossier.status) && dossier.dueAt && dossier.warnings?.overdue !== dossier.dueAt) {
    item.watchStatus = dossier.status;
    item.watchAt = dossier.dueAt;
  } else if (dossier.status === 'supplement-requested' && dossier.supplement?.closesAt) {
    item.watchStatus = dossier.status;
    item.watchAt = dossier.supplement.closesAt;
  }
  return item;
}

/** How earlier versions stored what a dossier now holds differently. */
type StoredDossier = Omit<Dossier, 'timeLimit' | 'supplement' | 'resultDelivery'> & {
  /** Before addresses were structured, a postal return's address was one line of text. */
  readonly resultDelivery: Omit<Dossier['resultDelivery'], 'address'> & { readonly address?: Dossier['resultDelivery']['address'] | string };
  /** Absent before hour limits: the rules then read the procedure's. */
  readonly timeLimit?: Dossier['timeLimit'];
  readonly supplement: (Omit<NonNullable<Dossier['supplement']>, 'remaining'> & {
    readonly remaining?: TimeLimit | null;
    /** Before hour limits, what a paused clock had left, in working days. */
    readonly remainingWorkingDays?: number | null;
  }) | null;
};

/** The statutory limits of the catalog the catalog table is loaded from, for dossiers stored without theirs. */
const CATALOG_LIMITS = new Map((catalogProcedures as { code: string; timeLimit: TimeLimit }[]).map((procedure) => [procedure.code, procedure.timeLimit]));

/**
 * A stored item as today's Dossier: the index keys dropped, and a record written by an earlier
 * version upgraded here, where it is read, so the rules only ever see one shape.
 */
export function fromItem(item: Record<string, unknown>): Dossier {
  const { pk: _pk, watchStatus: _status, watchAt: _at, ...fields } = item;
  const stored = fields as unknown as StoredDossier;
  return {
    ...stored,
    timeLimit: stored.timeLimit ?? legacyTimeLimit(stored.procedureCode),
    supplement: stored.supplement && upgradedSupplement(stored.supplement),
    resultDelivery: upgradedDelivery(stored.resultDelivery),
  };
}

/**
 * A one-line address (stored before addresses were structured, pre-release data only) cannot be
 * read back as line, commune and province: it is kept as `unstructuredAddress` for people to
 * read (the receipt, the officer's view), and the dossier has no structured `address`, so the
 * delivery facts give a partner none and postal parks the shipment until someone repairs it.
 */
function upgradedDelivery({ address, ...delivery }: StoredDossier['resultDelivery']): Dossier['resultDelivery'] {
  if (typeof address === 'string') return { ...delivery, unstructuredAddress: address };
  return address ? { ...delivery, address } : delivery;
}

/** A dossier received before it kept its limit was counted on its procedure's, as the catalog gives it. */
function legacyTimeLimit(procedureCode: string): TimeLimit {
  const limit = CATALOG_LIMITS.get(procedureCode);
  if (!limit) throw new Error(`a stored dossier of procedure ${procedureCode} has no time limit, and the catalog has none for it`);
  return limit;
}

function upgradedSupplement({ remainingWorkingDays, remaining, ...supplement }: NonNullable<StoredDossier['supplement']>): NonNullable<Dossier['supplement']> {
  if (remaining !== undefined) return { ...supplement, remaining };
  return { ...supplement, remaining: typeof remainingWorkingDays === 'number' ? { unit: 'workingDays', value: remainingWorkingDays } : null };
}

/** An action on history: refused, never a crash on a record without what a live dossier holds. */
function importedDossier(code: string): DomainError {
  return new DomainError(
    'IMPORTED_DOSSIER',
    'Hồ sơ này được nhập từ hệ thống cũ (chỉ để tra cứu, báo cáo); không thể xử lý tiếp trên hệ thống này',
    'This dossier was imported from the previous system (history only); no action applies to it here',
    { code },
  );
}

/** Failed lookups are counted per code string (issued or not, so a lockout reveals nothing) and per local day. */
function lookupKey(code: string, now: Date): string {
  return `lookup#${code}#${receiptDay(now)}`;
}
