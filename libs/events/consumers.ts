/** The services that consume intake's domain events; each has its own queue and DLQ. */
export const EVENT_CONSUMERS = ['postal', 'survey', 'reporting'] as const;
export type EventConsumer = (typeof EVENT_CONSUMERS)[number];

/** Environment variable that carries a consumer's queue URL to the event publisher. */
export function queueUrlVariable(consumer: EventConsumer): string {
  return `${consumer.toUpperCase()}_EVENTS_QUEUE_URL`;
}
