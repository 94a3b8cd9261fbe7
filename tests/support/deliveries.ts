import type { SQSEvent } from 'aws-lambda';
import { parseDomainEvent, type DomainEvent } from '../../libs/events/catalog.ts';
import type { Consumer } from '../../infra/services/consumers.ts';
import type { LocalSystem } from './local-system.ts';

/** What a consumer's function was handed from its queue, as it was handed. */
export interface Deliveries {
  /** Every event delivered so far (a message retried is there once per delivery). */
  readonly events: DomainEvent[];
  /** Waits until `until` holds or the time is up, then answers what was delivered. */
  wait(until: (events: DomainEvent[]) => boolean, timeoutMs?: number): Promise<DomainEvent[]>;
  stop(): void;
}

/**
 * Records the bus events the runtime hands to the function that consumes `consumer`'s queue.
 * A consumer that runs empties its queue, so a test cannot peek into it (`drainEvents` would race
 * the function); this watches the deliveries instead, at the function's door, and lets the
 * function handle them as always. Records events delivered from now on.
 */
export function recordDeliveries(system: LocalSystem, consumer: Consumer): Deliveries {
  const queueUrl = Object.entries(system.info.queues).find(([key]) => key.toLowerCase().includes(`${consumer}eventsqueue`))![1];
  const queueArnSuffix = `:${queueUrl.split('/').pop()}`;
  const events: DomainEvent[] = [];
  const restore: (() => void)[] = [];
  for (const host of system.runtime.functionHosts.values()) {
    const invoke = host.invoke.bind(host);
    host.invoke = async (event: unknown) => {
      for (const record of (event as Partial<SQSEvent> | null)?.Records ?? []) {
        if (record.eventSourceARN?.endsWith(queueArnSuffix)) events.push(parseDomainEvent(JSON.parse(record.body)));
      }
      return invoke(event);
    };
    restore.push(() => void (host.invoke = invoke));
  }
  return {
    events,
    async wait(until, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!until(events) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      return [...events];
    },
    stop() {
      for (const undo of restore) undo();
    },
  };
}
