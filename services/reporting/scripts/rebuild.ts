/**
 * Rebuilds reporting's counters from every producer's outbox (services/reporting/adapters/rebuild.ts):
 *
 *   npm run reporting:rebuild
 *
 * Against the local system (started with `npm start`; its .motcua/runtime.json names the tables) by
 * default; against AWS with `--table <ReportingTableName> --outbox <HistoryTableName> --outbox
 * <PostalOutboxTableName> --outbox <SurveyOutboxTableName>` (outputs of Motcua-Data; credentials and
 * region from the usual AWS environment). Exit status: 0 done, 2 a bad command line, 1 a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeInfo } from '../../../infra/local/runtime.ts';
import { agencyTree } from '../adapters/context.ts';
import { rebuild } from '../adapters/rebuild.ts';
import { ReportingRepository } from '../adapters/reporting-repository.ts';

const USAGE = `usage: npm run reporting:rebuild [-- --data-dir .motcua]
  AWS: npm run reporting:rebuild -- --table <ReportingTableName> --outbox <HistoryTableName> --outbox <PostalOutboxTableName> --outbox <SurveyOutboxTableName>`;

function fail(message: string, status = 2): never {
  console.error(`reporting:rebuild: ${message}`);
  if (status === 2) console.error(USAGE);
  process.exit(status);
}

let values;
try {
  ({ values } = parseArgs({
    options: { table: { type: 'string' }, outbox: { type: 'string', multiple: true }, 'data-dir': { type: 'string', default: '.motcua' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

let client: DynamoDBClient;
let table: string;
let outboxes: string[];
if (!values.table) {
  const file = path.resolve(values['data-dir'], 'runtime.json');
  if (!existsSync(file)) fail(`${file} not found: start the local system (npm start), or give --table and --outbox for AWS`, 1);
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  client = new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  table = info.outputs['Motcua-Data.ReportingTableName']!;
  outboxes = ['HistoryTableName', 'PostalOutboxTableName', 'SurveyOutboxTableName'].map((name) => info.outputs[`Motcua-Data.${name}`]!);
} else {
  if (!values.outbox?.length) fail('--outbox is required with --table (each producer\'s outbox)');
  client = new DynamoDBClient({});
  table = values.table;
  outboxes = values.outbox;
}

const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const started = Date.now();
try {
  const result = await rebuild({ documents, outboxes, repository: new ReportingRepository(documents, table), tree: agencyTree(), onProgress: (line) => console.log(line) });
  console.log(`rebuilt from ${result.events} events into generation ${result.generation} (${result.items} items, ${result.caughtUp} caught up) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  fail((error as Error).message, 1);
} finally {
  client.destroy();
}
