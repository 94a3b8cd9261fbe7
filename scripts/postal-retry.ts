/**
 * Asks the partner again for a shipment that was not created (partner down past the retries, or
 * refused until something was fixed):
 *
 *   npm run postal:retry -- --shipment SHP-H38.22-250714-0007-R
 *
 * It sends the intake event that asked for the shipment (kept on it, no personal data) back to
 * postal's queue, so the same consumer, with the same idempotent create at the partner, handles it:
 * nothing is created twice, and a shipment already created is left alone. Against the local system
 * (its .motcua/runtime.json) by default; against AWS with `--table <PostalShipmentsTableName>
 * --queue-url <PostalEventsQueueUrl>` (outputs of Motcua-Data). Exit status: 0 done (or nothing to
 * do), 2 a bad command line, 1 a failure.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { busMessage } from '../libs/events/bus.ts';
import { parseDomainEvent } from '../libs/events/catalog.ts';
import { ShipmentRepository } from '../services/postal/adapters/shipment-repository.ts';
import { cli, LOCAL_CREDENTIALS, type Cli } from './cli.ts';

const command = cli(
  'postal:retry',
  `usage: npm run postal:retry -- --shipment <shipment id> [--data-dir .motcua]
  AWS: add --table <PostalShipmentsTableName> --queue-url <PostalEventsQueueUrl>`,
);
// Declared with its type, so that TypeScript knows a call to it does not return.
const fail: Cli['fail'] = command.fail;
const { parse, localSystem } = command;
const values = parse({
  shipment: { type: 'string' },
  table: { type: 'string' },
  'queue-url': { type: 'string' },
  'data-dir': { type: 'string', default: '.motcua' },
});
if (!values.shipment) fail('--shipment is required');
if (!values.table !== !values['queue-url']) fail('--table and --queue-url go together (AWS); give neither for the local system');

let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let names: { table: string; queueUrl: string };
if (!values.table) {
  const info = localSystem(values['data-dir'], 'give --table and --queue-url for AWS');
  const local = { region: info.region, credentials: LOCAL_CREDENTIALS };
  dynamodb = new DynamoDBClient({ ...local, endpoint: info.dynamodbEndpoint });
  sqs = new SQSClient({ ...local, endpoint: info.sqsEndpoint });
  names = { table: info.outputs['Motcua-Data.PostalShipmentsTableName']!, queueUrl: info.outputs['Motcua-Data.PostalEventsQueueUrl']! };
} else {
  dynamodb = new DynamoDBClient({});
  sqs = new SQSClient({});
  names = { table: values.table, queueUrl: values['queue-url']! };
}

try {
  const repository = new ShipmentRepository(DynamoDBDocumentClient.from(dynamodb), { shipments: names.table });
  const shipment = await repository.get(values.shipment);
  if (!shipment) fail(`no shipment ${values.shipment}`, 1);
  if (shipment.creation === 'created') {
    console.log(`${shipment.shipmentId} is already created at ${shipment.partner} (tracking ${shipment.trackingNumber}): nothing to do`);
  } else {
    const event = parseDomainEvent(shipment.sourceEvent);
    await sqs.send(new SendMessageCommand({ QueueUrl: names.queueUrl, MessageBody: busMessage(event).body }));
    const failure = shipment.creationFailure;
    const why = failure ? `refused (${failure.reason}${failure.status ? ` ${failure.status}` : ''}) at ${failure.at}` : 'not created yet';
    console.log(`${shipment.shipmentId} was ${why}: its ${event.type} is queued again for postal`);
  }
} catch (error) {
  fail((error as Error).message, 1);
} finally {
  dynamodb.destroy();
  sqs.destroy();
}
