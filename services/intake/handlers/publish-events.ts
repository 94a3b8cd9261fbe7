import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DomainEvent } from '../../../libs/events/catalog.ts';
import { EVENT_CONSUMERS, queueUrlVariable } from '../../../libs/events/consumers.ts';
import { requiredEnv } from '../../../libs/platform/dynamodb.ts';

const logger = new Logger();
const sqs = new SQSClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);
const queueUrls = EVENT_CONSUMERS.map((consumer) => requiredEnv(queueUrlVariable(consumer)));

/**
 * The outbox relay: every new history entry is a domain event; send it to every
 * consumer's queue. A failed record is reported so the stream retries from it;
 * a repeat delivery is harmless because consumers are idempotent by eventId.
 */
async function publish(record: DynamoDBRecord): Promise<void> {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  const parsed = DomainEvent.safeParse(item.event);
  if (!parsed.success) {
    // Logged without the values: an event carries no personal data, but a malformed one might.
    logger.error('history entry is not a valid domain event', { sequenceNumber: record.dynamodb.SequenceNumber, issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
    throw parsed.error;
  }
  const event = parsed.data;
  const body = JSON.stringify(event);
  await Promise.all(
    queueUrls.map((QueueUrl) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: body,
          MessageAttributes: {
            type: { DataType: 'String', StringValue: event.type },
            version: { DataType: 'Number', StringValue: String(event.version) },
            eventId: { DataType: 'String', StringValue: event.eventId },
          },
        }),
      ),
    ),
  );
  logger.debug('published', { eventId: event.eventId, type: event.type });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, publish, processor, { context });
