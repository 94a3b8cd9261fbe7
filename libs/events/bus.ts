import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { PRODUCER_OF, type DomainEvent } from './catalog.ts';

/** Environment variable carrying the bus topic's ARN to every function that publishes. */
export const EVENT_BUS_TOPIC_ARN = 'EVENT_BUS_TOPIC_ARN';

/**
 * The message an event travels in, on the topic (the publisher, the replay command) or
 * straight onto one consumer's queue (a replay for one consumer): the event as JSON, and
 * the attributes subscriptions filter on. Raw delivery hands both to SQS unchanged.
 */
export function busMessage(event: DomainEvent): { body: string; attributes: Record<string, MessageAttributeValue> } {
  const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  return {
    body: JSON.stringify(event),
    attributes: {
      type: text(event.type),
      version: { DataType: 'Number', StringValue: String(event.version) },
      source: text(PRODUCER_OF[event.type]),
      dossierCode: text(event.dossierCode),
      eventId: text(event.eventId),
    },
  };
}
