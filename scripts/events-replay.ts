/**
 * Re-publishes events from the producers' outboxes (libs/events/replay.ts):
 *
 *   npm run events:replay -- --from 2026-11-01 [--to 2026-11-30] [--type DossierResolved] [--consumer reporting] [--dry-run]
 *
 * Against the local system (started with `npm start`; its .motcua/runtime.json names everything) by
 * default, reading each type from its producer's outbox (intake's history table, postal's outbox;
 * `--producer` to read one only). Against AWS with `--outbox <table> --topic <EventBusTopicArn>`,
 * `--producer intake|postal` (default intake) saying whose outbox `--outbox` is (HistoryTableName
 * or PostalOutboxTableName) and, with `--consumer`, `--queue-url <…EventsQueueUrl>` (outputs of
 * Motcua-Data; credentials and region from the usual AWS environment). Without --consumer, events
 * go to the bus topic and reach every consumer whose subscription takes their type; with it,
 * straight to that consumer's queue, and only the types it declared. Exit status: 0 done, 2 a bad
 * command line, 1 a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONSUMERS, CONSUMES, type Consumer } from '../infra/services/consumers.ts';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../libs/events/catalog.ts';
import { PRODUCERS, type Producer } from '../libs/events/envelope.ts';
import { daysBetween, replay, replayPlan, type ReplayTarget } from '../libs/events/replay.ts';
import type { RuntimeInfo } from '../infra/local/runtime.ts';

const USAGE = `usage: npm run events:replay -- --from <YYYY-MM-DD> [--to <YYYY-MM-DD>] [--type <EventType>]... [--consumer <${CONSUMERS.join('|')}>] [--producer <${PRODUCERS.join('|')}>] [--dry-run]
  AWS: add --outbox <table> --topic <EventBusTopicArn> [--queue-url <consumer's EventsQueueUrl>], where --outbox is the
       outbox of --producer (default intake): HistoryTableName for intake, PostalOutboxTableName for postal, SurveyOutboxTableName for survey
  local (default): reads <--data-dir, default .motcua>/runtime.json of the running system, and every producer's outbox
       (or --producer's only)`;

/** Each producer's outbox, as the local runtime names it (outputs of Motcua-Data). */
const LOCAL_OUTBOX: Record<Producer, string> = {
  intake: 'Motcua-Data.HistoryTableName',
  postal: 'Motcua-Data.PostalOutboxTableName',
  survey: 'Motcua-Data.SurveyOutboxTableName',
};

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
    producer: { type: 'string' },
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
if (values.consumer && !CONSUMERS.includes(values.consumer as Consumer)) fail(`no consumer ${values.consumer} (known: ${CONSUMERS.join(', ')})`);
const consumer = values.consumer as Consumer | undefined;
if (values.producer && !PRODUCERS.includes(values.producer as Producer)) fail(`no producer ${values.producer} (known: ${PRODUCERS.join(', ')})`);
const local = !values.outbox;
// In AWS --outbox is one table, whose producer --producer says; locally every outbox can be read.
const producers: readonly Producer[] = values.producer ? [values.producer as Producer] : local ? PRODUCERS : ['intake'];
let plan: ReturnType<typeof replayPlan>;
try {
  plan = replayPlan({ producers, asked: values.type as DomainEventType[] | undefined, consumer: consumer && { name: consumer, declared: CONSUMES[consumer] } });
} catch (error) {
  fail((error as Error).message);
}

let clients: { dynamodb: DynamoDBClient; sns: SNSClient; sqs: SQSClient };
let names: { outboxes: Partial<Record<Producer, string>>; topicArn: string; queueUrl?: string };
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
    outboxes: Object.fromEntries(plan.outboxes.map((producer) => [producer, info.outputs[LOCAL_OUTBOX[producer]]!])),
    topicArn: info.outputs['Motcua-Data.EventBusTopicArn']!,
    queueUrl: consumer ? info.outputs[`Motcua-Data.${consumer[0]!.toUpperCase()}${consumer.slice(1)}EventsQueueUrl`] : undefined,
  };
} else {
  if (!values.topic && !consumer) fail('--topic is required with --outbox');
  if (consumer && !values['queue-url']) fail('--queue-url is required with --consumer and --outbox');
  clients = { dynamodb: new DynamoDBClient({}), sns: new SNSClient({}), sqs: new SQSClient({}) };
  names = { outboxes: { [producers[0]!]: values.outbox! }, topicArn: values.topic ?? '', queueUrl: values['queue-url'] };
}

const target: ReplayTarget = consumer ? { sqs: clients.sqs, queueUrl: names.queueUrl! } : { sns: clients.sns, topicArn: names.topicArn };
try {
  const result = { read: 0, sent: 0, byType: {} as Record<string, number> };
  // One outbox after the other: consumers order each aggregate's events by sequence, not by arrival.
  for (const producer of plan.outboxes) {
    const { read, sent, byType } = await replay({
      documents: DynamoDBDocumentClient.from(clients.dynamodb),
      outboxTable: names.outboxes[producer]!,
      from: values.from,
      to,
      types: plan.types,
      target,
      dryRun: values['dry-run'],
    });
    result.read += read;
    result.sent += sent;
    Object.assign(result.byType, byType); // each type is in one outbox only
  }
  const where = consumer ? `${consumer}'s queue` : 'the bus';
  const owners = plan.outboxes.map((producer) => `${producer}'s`);
  const from = owners.length === 1 ? `${owners[0]} outbox` : `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)} outboxes`;
  console.log(`${values['dry-run'] ? 'would send' : 'sent'} ${result.sent} of ${result.read} events (${values.from} to ${to}) from ${from} to ${where}`);
  for (const [type, count] of Object.entries(result.byType)) console.log(`  ${type}: ${count}`);
} catch (error) {
  fail((error as Error).message, 1);
} finally {
  for (const client of Object.values(clients)) client.destroy();
}
