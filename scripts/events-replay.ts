/**
 * Re-publishes events from a producer's outbox (libs/events/replay.ts):
 *
 *   npm run events:replay -- --from 2026-11-01 [--to 2026-11-30] [--type DossierResolved] [--consumer reporting] [--dry-run]
 *
 * Against the local system (started with `npm start`; its .motcua/runtime.json names everything) by
 * default; against AWS with `--outbox <HistoryTableName> --topic <EventBusTopicArn>` and, with
 * `--consumer`, `--queue-url <…EventsQueueUrl>` (outputs of Motcua-Data; credentials and region
 * from the usual AWS environment). Without --consumer, events go to the bus topic and reach every
 * consumer whose subscription takes their type; with it, straight to that consumer's queue, and
 * only the types it declared. Exit status: 0 done, 2 a bad command line, 1 a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONSUMERS, CONSUMES, type Consumer } from '../infra/services/consumers.ts';
import { DOMAIN_EVENT_TYPES, PRODUCER_OF, type DomainEventType } from '../libs/events/catalog.ts';
import { daysBetween, replay, type ReplayTarget } from '../libs/events/replay.ts';
import type { RuntimeInfo } from '../infra/local/runtime.ts';

const USAGE = `usage: npm run events:replay -- --from <YYYY-MM-DD> [--to <YYYY-MM-DD>] [--type <EventType>]... [--consumer <${CONSUMERS.join('|')}>] [--dry-run]
  AWS: add --outbox <HistoryTableName> --topic <EventBusTopicArn> [--queue-url <consumer's EventsQueueUrl>]
  local (default): reads <--data-dir, default .motcua>/runtime.json of the running system`;

function fail(message: string, status = 2): never {
  console.error(`events:replay: ${message}`);
  if (status === 2) console.error(USAGE);
  process.exit(status);
}

let parsed;
try {
  parsed = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    type: { type: 'string', multiple: true },
    consumer: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    outbox: { type: 'string' },
    topic: { type: 'string' },
    'queue-url': { type: 'string' },
    'data-dir': { type: 'string', default: '.motcua' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (!values.from) fail('--from is required');
const to = values.to ?? values.from;
try {
  daysBetween(values.from, to);
} catch (error) {
  fail((error as Error).message);
}
const unknownType = values.type?.find((type) => !DOMAIN_EVENT_TYPES.includes(type as DomainEventType));
if (unknownType) fail(`no event type ${unknownType} (known: ${DOMAIN_EVENT_TYPES.join(', ')})`);
// The outboxes this command reads: intake's history table, the only producer built so far.
const inOutbox = (type: DomainEventType) => PRODUCER_OF[type] === 'intake';
const elsewhere = (values.type as DomainEventType[] | undefined)?.find((type) => !inOutbox(type));
if (elsewhere) fail(`${elsewhere} is published by ${PRODUCER_OF[elsewhere]}, whose outbox does not exist yet: nothing to replay`);
if (values.consumer && !CONSUMERS.includes(values.consumer as Consumer)) fail(`no consumer ${values.consumer} (known: ${CONSUMERS.join(', ')})`);
const consumer = values.consumer as Consumer | undefined;
const declared = consumer ? CONSUMES[consumer].filter(inOutbox) : undefined;
if (consumer && !declared!.length) fail(`${consumer} declares no type the intake outbox holds: nothing to replay`);
const asked = values.type as DomainEventType[] | undefined;
const types = declared && asked ? asked.filter((type) => declared.includes(type)) : (asked ?? declared);
if (declared && asked && !types?.length) fail(`${consumer} declared none of ${asked.join(', ')}`);

const local = !values.outbox;
let clients: { dynamodb: DynamoDBClient; sns: SNSClient; sqs: SQSClient };
let names: { outbox: string; topicArn: string; queueUrl?: string };
if (local) {
  const file = path.resolve(values['data-dir'], 'runtime.json');
  if (!existsSync(file)) fail(`${file} not found: start the local system (npm start), or give --outbox and --topic for AWS`, 1);
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  clients = {
    dynamodb: new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials }),
    sns: new SNSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials }),
    sqs: new SQSClient({ endpoint: info.sqsEndpoint, region: info.region, credentials }),
  };
  names = {
    outbox: info.outputs['Motcua-Data.HistoryTableName']!,
    topicArn: info.outputs['Motcua-Data.EventBusTopicArn']!,
    queueUrl: consumer ? info.outputs[`Motcua-Data.${consumer[0]!.toUpperCase()}${consumer.slice(1)}EventsQueueUrl`] : undefined,
  };
} else {
  if (!values.topic && !consumer) fail('--topic is required with --outbox');
  if (consumer && !values['queue-url']) fail('--queue-url is required with --consumer and --outbox');
  clients = { dynamodb: new DynamoDBClient({}), sns: new SNSClient({}), sqs: new SQSClient({}) };
  names = { outbox: values.outbox!, topicArn: values.topic ?? '', queueUrl: values['queue-url'] };
}

const target: ReplayTarget = consumer ? { sqs: clients.sqs, queueUrl: names.queueUrl! } : { sns: clients.sns, topicArn: names.topicArn };
try {
  const result = await replay({
    documents: DynamoDBDocumentClient.from(clients.dynamodb),
    outboxTable: names.outbox,
    from: values.from,
    to,
    types,
    target,
    dryRun: values['dry-run'],
  });
  const where = consumer ? `${consumer}'s queue` : 'the bus';
  console.log(`${values['dry-run'] ? 'would send' : 'sent'} ${result.sent} of ${result.read} events (${values.from} to ${to}) to ${where}`);
  for (const [type, count] of Object.entries(result.byType)) console.log(`  ${type}: ${count}`);
} catch (error) {
  fail((error as Error).message, 1);
} finally {
  for (const client of Object.values(clients)) client.destroy();
}
