import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dateOfDayNumber, dayNumberOf, isoDateOf } from '../calendar/working-days.ts';
import { busMessage } from './bus.ts';
import type { DomainEvent, DomainEventType } from './catalog.ts';
import { eventOfOutboxItem, OUTBOX_DAY_INDEX } from './outbox.ts';

/** Where replayed events go: the bus (every subscribed consumer, by its filter), or one consumer's queue. */
export type ReplayTarget = { readonly sns: SNSClient; readonly topicArn: string } | { readonly sqs: SQSClient; readonly queueUrl: string };

export interface ReplayRequest {
  readonly documents: DynamoDBDocumentClient;
  /** The producer's outbox table. */
  readonly outboxTable: string;
  /** Local days (Asia/Ho_Chi_Minh), inclusive, as YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  /** Only these types (a consumer's declared types, a --type); all when absent. */
  readonly types?: readonly DomainEventType[];
  readonly target: ReplayTarget;
  /** Count what would be sent, send nothing. */
  readonly dryRun?: boolean;
}

/**
 * Re-publishes outbox entries of the given days, oldest first per day, in the very message
 * the publisher sends (busMessage). Consumers are idempotent by eventId, so replaying what
 * they already applied changes nothing; it restores what a purged queue or a DLQ lost, or
 * feeds a new consumer. Reads the day index, never scans the outbox.
 */
export async function replay(request: ReplayRequest): Promise<{ read: number; sent: number; byType: Record<string, number> }> {
  const byType: Record<string, number> = {};
  let read = 0;
  let batch: DomainEvent[] = [];
  let sent = 0;
  const flush = async () => {
    if (!batch.length) return;
    if (!request.dryRun) await send(request.target, batch);
    sent += batch.length;
    batch = [];
  };
  for (const day of daysBetween(request.from, request.to)) {
    for await (const item of outboxDay(request.documents, request.outboxTable, day)) {
      read += 1;
      const event = eventOfOutboxItem(item);
      if (request.types && !request.types.includes(event.type)) continue;
      byType[event.type] = (byType[event.type] ?? 0) + 1;
      batch.push(event);
      if (batch.length === 10) await flush();
    }
  }
  await flush();
  return { read, sent, byType };
}

/** Every local day from `from` to `to` (YYYY-MM-DD), inclusive; a RangeError for anything else. */
export function daysBetween(from: string, to: string): string[] {
  const [start, end] = [dayOf(from), dayOf(to)];
  if (end < start) throw new RangeError(`--to ${to} is before --from ${from}`);
  if (end - start > 3660) throw new RangeError('a replay covers at most ten years');
  return Array.from({ length: end - start + 1 }, (_, i) => isoDateOf(dateOfDayNumber(start + i)));
}

function dayOf(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!date || isoDateOf(dateOfDayNumber(dayNumberOf(date))) !== text) throw new RangeError(`${text} is not a date (YYYY-MM-DD)`);
  return dayNumberOf(date);
}

async function* outboxDay(documents: DynamoDBDocumentClient, table: string, day: string): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: OUTBOX_DAY_INDEX,
        KeyConditionExpression: '#day = :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': day },
        ExclusiveStartKey: startKey,
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

async function send(target: ReplayTarget, events: DomainEvent[]): Promise<void> {
  const entries = events.map((event, i) => ({ id: String(i), ...busMessage(event) }));
  const failed =
    'topicArn' in target
      ? (
          await target.sns.send(
            new PublishBatchCommand({
              TopicArn: target.topicArn,
              PublishBatchRequestEntries: entries.map((entry) => ({ Id: entry.id, Message: entry.body, MessageAttributes: entry.attributes })),
            }),
          )
        ).Failed
      : (
          await target.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: target.queueUrl,
              Entries: entries.map((entry) => ({ Id: entry.id, MessageBody: entry.body, MessageAttributes: entry.attributes })),
            }),
          )
        ).Failed;
  if (failed?.length) throw new Error(`${failed.length} of ${events.length} events were not accepted (${failed.map((f) => f.Code).join(', ')}); run the replay again: it is safe`);
}
