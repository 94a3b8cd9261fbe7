import type { SQSEvent } from 'aws-lambda';
import { parseDomainEvent, type DomainEvent } from '../../libs/events/catalog.ts';
import type { Consumer } from '../../infra/services/consumers.ts';
import type { LocalSystem } from './local-system.ts';

/** What a queue's function was handed, as it was handed. */
export interface Handed<T> {
  /** Every message handled so far (a message retried is there once per delivery). */
  readonly messages: T[];
  /** Waits until `until` holds or the time is up, then answers what was handled. */
  wait(until: (messages: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/**
 * Records the messages the runtime hands from a queue (the first whose key contains `queueKey`,
 * case-insensitive) to the function that consumes it, once the function has handled them. A queue
 * whose function runs is emptied by it, so a test cannot peek into it (draining would race the
 * function); this watches at the function's door instead, and lets the function work as always.
 * Records what is handed from now on.
 */
export function recordHanded<T>(system: LocalSystem, queueKey: string, parse: (body: string) => T): Handed<T> {
  const queueUrl = Object.entries(system.info.queues).find(([key]) => key.toLowerCase().includes(queueKey.toLowerCase()))![1];
  const queueArnSuffix = `:${queueUrl.split('/').pop()}`;
  const messages: T[] = [];
  const restore: (() => void)[] = [];
  for (const host of system.runtime.functionHosts.values()) {
    const invoke = host.invoke.bind(host);
    host.invoke = async (event: unknown) => {
      const records = ((event as Partial<SQSEvent> | null)?.Records ?? []).filter((record) => record.eventSourceARN?.endsWith(queueArnSuffix));
      try {
        return await invoke(event);
      } finally {
        messages.push(...records.map((record) => parse(record.body)));
      }
    };
    restore.push(() => void (host.invoke = invoke));
  }
  return {
    messages,
    async wait(until, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!until(messages) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      return [...messages];
    },
    stop() {
      for (const undo of restore) undo();
    },
  };
}

/** The bus events `consumer`'s function is handed from its queue. */
export function recordDeliveries(system: LocalSystem, consumer: Consumer): Handed<DomainEvent> & { readonly events: DomainEvent[] } {
  const handed = recordHanded(system, `${consumer}eventsqueue`, (body) => parseDomainEvent(JSON.parse(body)));
  return { ...handed, events: handed.messages };
}
