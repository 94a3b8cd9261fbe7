import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dateOfDayNumber, dayNumberOf, isoDateOf } from '../calendar/working-days.ts';
import { busMessage } from './bus.ts';
import { PRODUCER_OF, type DomainEvent, type DomainEventType } from './catalog.ts';
import type { Producer } from './envelope.ts';
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

/** What a replay asks for: the outboxes it may read, and the types asked or declared by the consumer fed. */
export interface ReplaySelection {
  /** The producers whose outboxes can be read: every one locally, the one `--outbox` is in AWS. */
  readonly producers: readonly Producer[];
  /** `--type`s, if any. */
  readonly asked?: readonly DomainEventType[];
  /** `--consumer`, with the types it declared. */
  readonly consumer?: { readonly name: string; readonly declared: readonly DomainEventType[] };
}

/**
 * The outboxes a replay reads and the types it sends (undefined: all), each event type being in
 * its producer's outbox only (`PRODUCER_OF`). A RangeError when it could send nothing: a type
 * asked from an outbox that cannot hold it, a consumer that declared none of the types the
 * outboxes hold, or none of the types asked.
 */
export function replayPlan({ producers, asked, consumer }: ReplaySelection): { outboxes: Producer[]; types?: DomainEventType[] } {
  const held = (type: DomainEventType) => producers.includes(PRODUCER_OF[type]);
  const elsewhere = asked?.find((type) => !held(type));
  if (elsewhere) throw new RangeError(`${elsewhere} is published by ${PRODUCER_OF[elsewhere]}, not ${producers.join(' or ')}: replay it from its outbox (--producer ${PRODUCER_OF[elsewhere]})`);
  const declared = consumer?.declared.filter(held);
  if (consumer && !declared!.length) throw new RangeError(`${consumer.name} declares no type that ${producers.join(' or ')} publishes: nothing to replay`);
  const types = declared && asked ? asked.filter((type) => declared.includes(type)) : (asked ?? declared);
  if (consumer && asked && !types!.length) throw new RangeError(`${consumer.name} declared none of ${asked.join(', ')}`);
  return { outboxes: producers.filter((producer) => !types || types.some((type) => PRODUCER_OF[type] === producer)), ...(types ? { types: [...types] } : {}) };
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
