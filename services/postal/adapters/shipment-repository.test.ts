import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { storedShipment, update } from '../domain/fixtures.ts';
import { ConcurrentChange, ShipmentRepository, type ShipmentRecord } from './shipment-repository.ts';

/**
 * A shipments table holding one record, with the version condition DynamoDB checks; `meanwhile`
 * runs before each transaction, as another writer would (a partner update applied first).
 */
function table(initial: ShipmentRecord, meanwhile: (current: ShipmentRecord) => ShipmentRecord = (current) => current) {
  let current: Record<string, unknown> = { pk: `shipment#${initial.shipmentId}`, ...initial };
  const transactions: Record<string, any>[][] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof GetCommand) return { Item: current };
      if (!(command instanceof TransactWriteCommand)) throw new Error('not expected here');
      current = { ...current, ...meanwhile(current as unknown as ShipmentRecord) };
      const items = command.input.TransactItems!;
      const put = items[0]!.Put!;
      if (put.ExpressionAttributeValues![':previous'] !== current.version) {
        throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: items.map((_, i) => ({ Code: i === 0 ? 'ConditionalCheckFailed' : 'None' })) });
      }
      transactions.push(items as Record<string, any>[]);
      current = put.Item!;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { repository: new ShipmentRepository(client, { shipments: 's', outbox: 'o' }), transactions, current: () => current };
}

const pending = storedShipment({ creation: 'pending', trackingNumber: null, partner: 'vnpost' });
const NOW = new Date('2025-07-15T01:00:05Z');

describe('marking a shipment created (markCreated)', () => {
  it('records the tracking number and ShipmentCreated on the version it read, when nothing changed', async () => {
    const { repository, transactions } = table(pending);
    const saved = await repository.markCreated(pending, 'EB000000001VN', NOW);
    expect(saved).toMatchObject({ creation: 'created', trackingNumber: 'EB000000001VN', version: 2 });
    expect(transactions).toHaveLength(1);
    expect(transactions[0]![1]!.Put.Item.event).toMatchObject({ type: 'ShipmentCreated', sequence: 2 });
  });

  it('a partner update applied while the partner answered late: recorded over it, the update kept, not lost to it', async () => {
    const accepted = update('accepted', '2025-07-15T01:00:02.000Z');
    let applied = false;
    const { repository, transactions } = table(pending, (current) => {
      if (applied) return current;
      applied = true;
      return { ...current, updates: [accepted], version: current.version + 1 };
    });
    const saved = await repository.markCreated(pending, 'EB000000001VN', NOW);
    expect(saved).toMatchObject({ creation: 'created', trackingNumber: 'EB000000001VN', updates: [accepted], version: 3 });
    expect(transactions).toHaveLength(1);
    expect(transactions[0]![1]!.Put.Item.event).toMatchObject({ type: 'ShipmentCreated', sequence: 3 });
  });

  it('another invocation recorded it first: null, nothing written', async () => {
    const { repository, transactions } = table(pending, (current) => ({ ...current, creation: 'created', trackingNumber: 'EB000000001VN', version: current.version + 1 }));
    expect(await repository.markCreated(pending, 'EB000000001VN', NOW)).toBeNull();
    expect(transactions).toEqual([]);
  });

  it('a record that keeps changing under it: ConcurrentChange after the attempts, for the queue to retry', async () => {
    const { repository, transactions } = table(pending, (current) => ({ ...current, version: (current.version as number) + 1 }));
    await expect(repository.markCreated(pending, 'EB000000001VN', NOW, 3)).rejects.toBeInstanceOf(ConcurrentChange);
    expect(transactions).toEqual([]);
  });
});
