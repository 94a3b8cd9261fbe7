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
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cli, LOCAL_CREDENTIALS, type Cli } from '../../../scripts/cli.ts';
import { agencyTree } from '../adapters/context.ts';
import { rebuild } from '../adapters/rebuild.ts';
import { ReportingRepository } from '../adapters/reporting-repository.ts';

const command = cli(
  'reporting:rebuild',
  `usage: npm run reporting:rebuild [-- --data-dir .motcua]
  AWS: npm run reporting:rebuild -- --table <ReportingTableName> --outbox <HistoryTableName> --outbox <PostalOutboxTableName> --outbox <SurveyOutboxTableName>`,
);
// Declared with its type, so that TypeScript knows a call to it does not return.
const fail: Cli['fail'] = command.fail;
const { parse, localSystem } = command;
const values = parse({ table: { type: 'string' }, outbox: { type: 'string', multiple: true }, 'data-dir': { type: 'string', default: '.motcua' } });

let client: DynamoDBClient;
let table: string;
let outboxes: string[];
if (!values.table) {
  const info = localSystem(values['data-dir'], 'give --table and --outbox for AWS');
  client = new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials: LOCAL_CREDENTIALS });
  table = info.outputs['Motcua-Data.ReportingTableName']!;
  outboxes = ['HistoryTableName', 'PostalOutboxTableName', 'SurveyOutboxTableName'].map((name) => info.outputs[`Motcua-Data.${name}`]!);
} else {
  if (!values.outbox?.length) fail("--outbox is required with --table (each producer's outbox)");
  client = new DynamoDBClient({});
  table = values.table;
  outboxes = values.outbox!;
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
