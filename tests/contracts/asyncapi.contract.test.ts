import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CONSUMERS, CONSUMES } from '../../infra/services/consumers.ts';
import { busMessage } from '../../libs/events/bus.ts';
import { DOMAIN_EVENT_TYPES, parseDomainEvent, PRODUCER_OF, type DomainEventType } from '../../libs/events/catalog.ts';
import { PRODUCERS } from '../../libs/events/envelope.ts';
import { ASYNCAPI_FILE, headerValuesOf, messageKey, queueChannel, renderAsyncApi, type AsyncApiDocument } from '../../scripts/asyncapi.ts';
import { frozenEvents } from './frozen-events.ts';
import { mutationsOf } from './mutations.ts';

/**
 * docs/asyncapi.json: generated from the catalog, so it must be what the generator makes
 * today; an AsyncAPI 3.0 document whose references hold; and as strict as the catalog, so
 * that a consumer validating with its JSON Schemas instead of zod accepts and refuses the same.
 */

const committed = readFileSync(ASYNCAPI_FILE, 'utf8');
const document = JSON.parse(committed) as AsyncApiDocument;
const frozen = frozenEvents();
const keys = (types: readonly DomainEventType[]) => types.map(messageKey);

/** The value a local reference (`#/channels/bus/messages/DossierResolved.v1`) points at, or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), document);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
}

const messagesOfChannel = (name: string) => Object.keys(document.channels[name]?.messages ?? {});
const channelOf = (operation: string) => document.operations[operation]!.channel.$ref.replace('#/channels/', '');
const messagesOfOperation = (operation: string) =>
  document.operations[operation]!.messages.map((message) => message.$ref.replace(`#/channels/${channelOf(operation)}/messages/`, ''));

describe('docs/asyncapi.json', () => {
  it('is what `npm run docs:asyncapi` generates from the code today', () => {
    expect(committed === renderAsyncApi(), 'docs/asyncapi.json is stale: run `npm run docs:asyncapi` and commit it').toBe(true);
  });

  it('is an AsyncAPI 3.0.0 document whose every reference resolves', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(refsIn(document).filter((ref) => resolve(ref) === undefined)).toEqual([]);
  });

  it('has one message per event type and version, each on the bus channel', () => {
    expect(Object.keys(document.components.messages)).toEqual(keys(DOMAIN_EVENT_TYPES));
    expect(messagesOfChannel('bus')).toEqual(keys(DOMAIN_EVENT_TYPES));
    const referenced = new Set(Object.values(document.channels).flatMap((channel) => Object.values(channel.messages).map((message) => message.$ref)));
    expect(Object.keys(document.components.messages).filter((key) => !referenced.has(`#/components/messages/${key}`))).toEqual([]);
  });

  it.each(CONSUMERS)("gives %s a queue channel with exactly its declared types, and the topic's filter policy for it", (consumer) => {
    expect(messagesOfChannel(queueChannel(consumer))).toEqual(keys(CONSUMES[consumer]));
    expect(messagesOfOperation(`${consumer}Receives`)).toEqual(keys(CONSUMES[consumer]));
    expect(channelOf(`${consumer}Receives`)).toBe(queueChannel(consumer));
    for (const producer of PRODUCERS) {
      const subscriptions = document.operations[`${producer}Publishes`]!.bindings!.sns.consumers;
      expect(subscriptions.find((subscription) => subscription.endpoint.name.toLowerCase() === `${consumer}events`)?.filterPolicy).toEqual({
        type: [...CONSUMES[consumer]],
      });
    }
  });

  it.each(PRODUCERS)('has %s send its own types to the bus', (producer) => {
    expect(document.operations[`${producer}Publishes`]!.action).toBe('send');
    expect(channelOf(`${producer}Publishes`)).toBe('bus');
    expect(messagesOfOperation(`${producer}Publishes`)).toEqual(keys(DOMAIN_EVENT_TYPES.filter((type) => PRODUCER_OF[type] === producer)));
  });

  it('names only messages of its own channel in every operation', () => {
    const strays = Object.entries(document.operations).flatMap(([name, operation]) =>
      operation.messages.filter((message) => !message.$ref.startsWith(`${operation.channel.$ref}/messages/`)).map((message) => `${name}: ${message.$ref}`),
    );
    expect(strays).toEqual([]);
  });
});

describe("docs/asyncapi.json's schemas, read by a consumer that does not use zod", () => {
  const schemaOfMessage = (type: string, part: 'payload' | 'headers') => z.fromJSONSchema(document.components.messages[messageKey(type as DomainEventType)]![part]);

  it.each(frozen.map((example) => [example.file, example] as const))('accept %s and refuse its breaking mutations', (_, example) => {
    const payload = schemaOfMessage(example.type, 'payload');
    expect(payload.safeParse(example.event).success).toBe(true);
    expect(
      mutationsOf(example, frozen)
        .filter((mutation) => payload.safeParse(mutation.event).success)
        .map((mutation) => mutation.description),
    ).toEqual([]);
  });

  it.each(frozen.map((example) => [example.file, example] as const))('describe the message attributes the bus sets on %s', (_, example) => {
    const headers = document.components.messages[messageKey(example.type as DomainEventType)]!.headers;
    const { attributes } = busMessage(parseDomainEvent(example.event));
    expect(Object.keys(attributes).sort()).toEqual(Object.keys(headers.properties ?? {}).sort());
    for (const [name, attribute] of Object.entries(attributes)) {
      const declared = headers.properties![name] as { type: string };
      expect(`${name}: ${attribute.DataType}`).toBe(`${name}: ${declared.type === 'number' ? 'Number' : 'String'}`);
    }
    expect(schemaOfMessage(example.type, 'headers').safeParse(headerValuesOf(example.event)).success).toBe(true);
  });
});
