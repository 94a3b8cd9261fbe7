import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { streamHandler } from '../platform/batch.ts';
import { requiredEnv } from '../platform/dynamodb.ts';
import { logger, tracer } from '../platform/powertools.ts';
import { busMessage, EVENT_BUS_TOPIC_ARN } from './bus.ts';
import { eventOfOutboxItem } from './outbox.ts';

const sns = tracer.captureAWSv3Client(new SNSClient({}));
const topicArn = requiredEnv(EVENT_BUS_TOPIC_ARN);

/**
 * The outbox publisher, the same for every producer: each new outbox entry (a change and
 * its event were saved together) goes to the bus topic. The publisher knows no consumer;
 * subscriptions decide who receives what. A failed record is reported so the stream
 * retries from it; a repeat publication is harmless, consumers being idempotent by eventId.
 */
async function publish(record: DynamoDBRecord): Promise<void> {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  let event;
  try {
    event = eventOfOutboxItem(item);
  } catch (error) {
    // Logged without the values: an event carries no personal data, but a malformed one might.
    logger.error('outbox entry is not a valid event', { sequenceNumber: record.dynamodb.SequenceNumber });
    throw error;
  }
  const message = busMessage(event);
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message.body, MessageAttributes: message.attributes }));
  logger.debug('published', { eventId: event.eventId, type: event.type });
}

export const handler = streamHandler(publish);
