import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Where a consumer keeps its markers: a table of its own, and the key of an event's marker. */
export interface MarkerStore {
  readonly table: string;
  /** The consumer's name, so that two consumers sharing a table never see each other's markers. */
  readonly consumer: string;
}

/** The marker's key: one item per consumer and event id, in the consumer's own table. */
export function markerKey(store: MarkerStore, eventId: string): { pk: string } {
  return { pk: `processed#${store.consumer}#${eventId}` };
}

/**
 * Applies an effect exactly once per event id: the effect's writes and a marker
 * (conditional on not existing) go in one DynamoDB transaction, so the effect is saved
 * with its marker or not at all. A redelivered or replayed event finds the marker and
 * changes nothing: answers 'duplicate'. Any other cancellation is the effect's own and
 * is rethrown (the message is retried).
 */
export async function applyOnce(
  client: DynamoDBDocumentClient,
  store: MarkerStore,
  event: { eventId: string; type: string },
  effect: TransactItem[],
  now: Date = new Date(),
): Promise<'applied' | 'duplicate'> {
  const marker: TransactItem = {
    Put: {
      TableName: store.table,
      Item: { ...markerKey(store, event.eventId), type: event.type, appliedAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  try {
    await client.send(new TransactWriteCommand({ TransactItems: [marker, ...effect] }));
    return 'applied';
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
    throw error;
  }
}
