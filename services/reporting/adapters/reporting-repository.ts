import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandOutput, type BatchWriteCommandOutput, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChange, lostRace } from '../../../libs/platform/concurrency.ts';
import type { DomainEvent } from '../../../libs/events/catalog.ts';
import type { AgencyTree } from '../domain/agency-tree.ts';
import { changesOf, countersKey, groupAdds, overdueKey, tallyKey, type Folded } from '../domain/items.ts';
import { applyEvent, emptyTally, type DossierTally, type OverdueEntry, type ScoreCounters } from '../domain/tally.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const META = { pk: 'meta', sk: 'generation' };
/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION = 100;

export type Outcome = 'applied' | 'parked' | 'duplicate';

/**
 * Reporting's one table (domain/items.ts says what is in it). Each event is applied in one
 * transaction: the dossier's tally, put only if unchanged since it was read, with every counter
 * it adds to and the overdue lists it changes, so an event is counted whole or not at all, and
 * once: a redelivered one finds its tally past it.
 */
export class ReportingRepository {
  private readonly client: DynamoDBDocumentClient;
  readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  /** The generation reports read and the consumer writes (1 until a rebuild takes over). */
  async generation(): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: META, ConsistentRead: true }));
    return typeof Item?.current === 'number' ? Item.current : 1;
  }

  /** Makes `next` the live generation, if `previous` still is. */
  async switchGeneration(previous: number, next: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...META, current: next, previous, switchedAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR #current = :previous',
        ExpressionAttributeNames: { '#current': 'current' },
        ExpressionAttributeValues: { ':previous': previous },
      }),
    );
  }

  async tally(generation: number, code: string): Promise<{ tally: DossierTally; rev: number } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: tallyKey(generation, code), ConsistentRead: true }));
    return Item ? { tally: Item.tally as DossierTally, rev: Item.rev as number } : null;
  }

  /** Applies one event to the live generation (or `generation`). */
  async apply(event: DomainEvent, tree: AgencyTree, scores?: ScoreCounters, generation?: number): Promise<Outcome> {
    const g = generation ?? (await this.generation());
    const stored = await this.tally(g, event.dossierCode);
    const before = stored?.tally ?? emptyTally(event.dossierCode);
    const applied = applyEvent(before, event, tree, scores);
    if (applied.tally === before) return 'duplicate';
    const rev = stored?.rev ?? 0;
    const { adds, overdue } = changesOf(g, applied);
    const writes: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: { ...tallyKey(g, event.dossierCode), rev: rev + 1, tally: applied.tally },
          ConditionExpression: stored ? 'rev = :rev' : 'attribute_not_exists(pk)',
          ...(stored ? { ExpressionAttributeValues: { ':rev': rev } } : {}),
        },
      },
      ...[...groupAdds(adds).values()].map(({ pk, sk, attrs }) => ({ Update: { TableName: this.table, Key: { pk, sk }, ...addExpression(attrs) } })),
      ...overdue.map(({ pk, sk, entry }) => (entry ? { Put: { TableName: this.table, Item: { pk, sk, ...entry } } } : { Delete: { TableName: this.table, Key: { pk, sk } } })),
    ];
    if (writes.length > MAX_TRANSACTION) throw new Error(`one event would change ${writes.length} items, more than a transaction holds`);
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: writes }));
    } catch (error) {
      if (lostRace(error)) throw new ConcurrentChange(`the tally of ${event.dossierCode}`);
      throw error;
    }
    return applied.counts.length ? 'applied' : 'parked';
  }

  /** The counter items of `agency` among `buckets` (those that exist). */
  async counters(generation: number, agency: string, buckets: readonly string[]): Promise<Record<string, unknown>[]> {
    const pk = countersKey(generation, agency);
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < buckets.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = buckets.slice(i, i + 100).map((sk) => ({ pk, sk }));
      while (keys?.length) {
        const response: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
        found.push(...(response.Responses?.[this.table] ?? []));
        keys = response.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  /** The overdue dossiers of `agency` now (its subtree's, as they roll up). */
  async overdue(generation: number, agency: string): Promise<OverdueEntry[]> {
    const entries: OverdueEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': overdueKey(generation, agency) }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) entries.push({ code: item.code as string, procedureCode: item.procedureCode as string, dueAt: item.dueAt as string });
      start = page.LastEvaluatedKey;
    } while (start);
    return entries;
  }

  /** Writes a folded generation (a rebuild's), `concurrency` batches at a time. */
  async writeFolded(generation: number, folded: Folded, concurrency = 8): Promise<number> {
    const items: Record<string, unknown>[] = [
      ...[...folded.tallies.values()].map((tally) => ({ ...tallyKey(generation, tally.code), rev: 1, tally })),
      ...[...folded.counters.values()].map(({ pk, sk, attrs }) => ({ pk, sk, ...Object.fromEntries(attrs) })),
      ...[...folded.overdue.values()].map(({ pk, sk, entry }) => ({ pk, sk, ...entry })),
    ];
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) {
        let requests: unknown[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests?.length) {
          const response: BatchWriteCommandOutput = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }));
          requests = response.UnprocessedItems?.[this.table];
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return items.length;
  }
}

function addExpression(attrs: ReadonlyMap<string, number>) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const clauses: string[] = [];
  [...attrs].forEach(([attr, n], i) => {
    names[`#a${i}`] = attr;
    values[`:v${i}`] = n;
    clauses.push(`#a${i} :v${i}`);
  });
  return { UpdateExpression: `ADD ${clauses.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
