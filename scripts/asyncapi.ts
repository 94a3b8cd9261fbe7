/**
 * The AsyncAPI 3.0 document of the bus, generated from the code that defines it: the event
 * catalog (libs/events, each payload its zod schema's JSON Schema), the message attributes
 * (libs/events/bus.ts), the consumers' declared types (services/<name>/consumes.ts, whose
 * filter policies the topic applies) and the frozen example events (tests/contracts/events).
 *
 *   npm run docs:asyncapi      writes docs/asyncapi.json
 *
 * The committed file is this script's output; a test regenerates it and fails on any
 * difference, so change the code and rerun, never edit the file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { CONSUMERS, CONSUMES, type Consumer } from '../infra/services/consumers.ts';
import { busMessage } from '../libs/events/bus.ts';
import { DOMAIN_EVENT_TYPES, parseDomainEvent, PRODUCER_OF, schemaOf, type DomainEventType, type Producer } from '../libs/events/catalog.ts';
import { PRODUCERS } from '../libs/events/envelope.ts';
import { frozenEvents, type FrozenEvent } from '../tests/contracts/frozen-events.ts';

export const ASYNCAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'asyncapi.json');

type JsonSchema = z.core.JSONSchema.JSONSchema;
type Ref = { $ref: string };

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  tags: { name: string }[];
  headers: JsonSchema;
  payload: JsonSchema;
  examples: { name: string; summary: string; headers: Record<string, string | number>; payload: unknown }[];
}

export interface SnsConsumer {
  protocol: 'sqs';
  endpoint: { name: string };
  filterPolicy: { type: string[] };
  filterPolicyScope: 'MessageAttributes';
  rawMessageDelivery: true;
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  title: string;
  description: string;
  messages: Ref[];
  bindings?: { sns: { consumers: SnsConsumer[]; bindingVersion: string } };
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  channels: Record<string, { address: null; title: string; description: string; messages: Record<string, Ref>; bindings: Record<string, unknown> }>;
  operations: Record<string, AsyncApiOperation>;
  components: { messages: Record<string, AsyncApiMessage> };
}

/** The version of each type's schema: `DossierResolved` → 1. */
export const versionOf = (type: DomainEventType): number => schemaOf(type).shape.version.value;
/** The key of a type's message in the document: `DossierResolved.v1`. */
export const messageKey = (type: DomainEventType): string => `${type}.v${versionOf(type)}`;
/** The channel of a consumer's queue: `intakeQueue`. */
export const queueChannel = (consumer: Consumer): string => `${consumer}Queue`;

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
/** How a consumer's queue is named in the SNS subscription binding (the stack's outputs use the same word). */
const queueName = (consumer: Consumer) => `${capitalised(consumer)}Events`;

/** Who sends each producer's events to the topic. */
const PUBLISHERS: Record<Producer, string> = {
  intake:
    "The outbox publisher (libs/events/publisher.ts, the PublishEvents function) reads each new entry of intake's history table " +
    '(its outbox, written in the same transaction as the change) from the table\'s stream and publishes it to the topic.',
  postal:
    "Postal publishes through the same outbox publisher (its PublishEvents function), from its own outbox table (PostalOutboxTable), " +
    'written in the same transaction as the shipment change.',
  survey:
    "Survey publishes through the same outbox publisher, from its own outbox table, once the survey service is built; its catalog " +
    '(libs/events/survey.ts) is fixed first so that reporting can count answers and messages.',
};

/** The SNS message attributes every message carries (libs/events/bus.ts), as AsyncAPI headers. */
function headersOf(type: DomainEventType): JsonSchema {
  return {
    type: 'object',
    description:
      'SNS message attributes set by busMessage (libs/events/bus.ts). With raw message delivery they reach each SQS queue as ' +
      'message attributes of the same names and data types.',
    properties: {
      type: { type: 'string', const: type, description: 'DataType String. The event type; subscription filter policies match on it.' },
      version: { type: 'number', const: versionOf(type), description: 'DataType Number. The schema version of the body.' },
      source: { type: 'string', const: PRODUCER_OF[type], description: 'DataType String. The producing service.' },
      dossierCode: { type: 'string', description: "DataType String. The dossier the event is about (the body's dossierCode)." },
      eventId: { type: 'string', format: 'uuid', description: "DataType String. The body's eventId: the deduplication key." },
    },
    required: ['type', 'version', 'source', 'dossierCode', 'eventId'],
  };
}

/** A message's attributes as header values: a Number attribute as a number. */
export function headerValuesOf(event: unknown): Record<string, string | number> {
  const { attributes } = busMessage(parseDomainEvent(event));
  return Object.fromEntries(
    Object.entries(attributes).map(([name, attribute]) => [name, attribute.DataType === 'Number' ? Number(attribute.StringValue) : attribute.StringValue!]),
  );
}

/** The payload schema: what a consumer accepts (zod's input), as an AsyncAPI (JSON Schema draft-07) schema. */
export function payloadOf(type: DomainEventType): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(schemaOf(type), { io: 'input', target: 'draft-07' });
  return schema;
}

function messageOf(type: DomainEventType, frozen: readonly FrozenEvent[]): AsyncApiMessage {
  const producer = PRODUCER_OF[type];
  const examples = frozen.filter((example) => example.type === type && example.version === versionOf(type));
  return {
    name: type,
    title: `${type} v${versionOf(type)}`,
    summary: `A ${producer} event; the meaning of each field is in docs/events.md.`,
    contentType: 'application/json',
    tags: [{ name: producer }],
    headers: headersOf(type),
    payload: payloadOf(type),
    examples: examples.map((example) => ({
      name: example.file.slice(example.file.indexOf('/') + 1, -'.json'.length),
      summary: `Frozen example tests/contracts/events/${example.file}`,
      headers: headerValuesOf(example.event),
      payload: example.event,
    })),
  };
}

export function asyncApiDocument(): AsyncApiDocument {
  const frozen = frozenEvents();
  const refs = (types: readonly DomainEventType[], prefix: string) => Object.fromEntries(types.map((type) => [messageKey(type), { $ref: `${prefix}/${messageKey(type)}` }]));
  const channelMessages = (channel: string, types: readonly DomainEventType[]) => types.map((type) => ({ $ref: `#/channels/${channel}/messages/${messageKey(type)}` }));
  const subscriptions: SnsConsumer[] = CONSUMERS.map((consumer) => ({
    protocol: 'sqs',
    endpoint: { name: queueName(consumer) },
    filterPolicy: { type: [...CONSUMES[consumer]] },
    filterPolicyScope: 'MessageAttributes',
    rawMessageDelivery: true,
  }));

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'motcua event bus',
      version: '1.0.0',
      description:
        "The domain events of motcua's services: one SNS topic, one SQS queue per consuming service subscribed to the types it " +
        'declares. Generated by `npm run docs:asyncapi` from libs/events (payloads are the zod catalog as JSON Schema), ' +
        'services/<name>/consumes.ts and the frozen examples in tests/contracts/events; do not edit. What a document like this ' +
        'cannot say (delivery at least once, duplicates, ordering by sequence, replay, versioning) is in docs/events.md.',
    },
    defaultContentType: 'application/json',
    channels: {
      bus: {
        address: null,
        title: 'The bus (SNS topic)',
        description:
          'A standard (unordered) SNS topic under its own KMS key, in the Motcua-Data stack (output EventBusTopicArn; publishers ' +
          'read the ARN from the environment variable EVENT_BUS_TOPIC_ARN). No producer knows its consumers: each consumer ' +
          "subscribes its queue with raw message delivery and a filter policy on the `type` attribute.",
        messages: refs(DOMAIN_EVENT_TYPES, '#/components/messages'),
        bindings: { sns: { name: 'EventBus', ordering: { type: 'standard' }, bindingVersion: '0.1.0' } },
      },
      ...Object.fromEntries(
        CONSUMERS.map((consumer) => [
          queueChannel(consumer),
          {
            address: null,
            title: `The ${consumer} queue (SQS)`,
            description:
              `The ${consumer} service's queue (stack output ${queueName(consumer)}QueueUrl), subscribed to the topic for the types ` +
              `declared in services/${consumer}/consumes.ts. The body is the event JSON; the SNS attributes arrive as SQS message ` +
              `attributes. After repeated failed receives a message moves to its dead-letter queue (output ` +
              `${capitalised(consumer)}DeadLetterQueueUrl). A replay for this consumer alone sends straight to this queue, with the same body ` +
              'and attributes and only the declared types.',
            messages: refs(CONSUMES[consumer], '#/components/messages'),
            bindings: {
              sqs: {
                queue: { name: queueName(consumer), fifoQueue: false },
                deadLetterQueue: { name: `${capitalised(consumer)}DeadLetterQueue`, fifoQueue: false },
                bindingVersion: '0.2.0',
              },
            },
          },
        ]),
      ),
    },
    operations: {
      ...Object.fromEntries(
        PRODUCERS.map((producer) => [
          `${producer}Publishes`,
          {
            action: 'send',
            channel: { $ref: '#/channels/bus' },
            title: `${capitalised(producer)} publishes its events`,
            description: PUBLISHERS[producer],
            messages: channelMessages(
              'bus',
              DOMAIN_EVENT_TYPES.filter((type) => PRODUCER_OF[type] === producer),
            ),
            bindings: { sns: { consumers: subscriptions, bindingVersion: '0.1.0' } },
          } satisfies AsyncApiOperation,
        ]),
      ),
      ...Object.fromEntries(
        CONSUMERS.map((consumer) => [
          `${consumer}Receives`,
          {
            action: 'receive',
            channel: { $ref: `#/channels/${queueChannel(consumer)}` },
            title: `${capitalised(consumer)} receives the events it declared`,
            description:
              `The ${consumer} service reads its queue and parses each body with eventsOf(CONSUMES.${consumer}) ` +
              '(libs/events/catalog.ts): exactly the types its subscription lets through.',
            messages: channelMessages(queueChannel(consumer), CONSUMES[consumer]),
          } satisfies AsyncApiOperation,
        ]),
      ),
    },
    components: { messages: Object.fromEntries(DOMAIN_EVENT_TYPES.map((type) => [messageKey(type), messageOf(type, frozen)])) },
  };
}

export function renderAsyncApi(document: AsyncApiDocument = asyncApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(ASYNCAPI_FILE, renderAsyncApi());
  console.log(`wrote ${path.relative(process.cwd(), ASYNCAPI_FILE)}`);
}
