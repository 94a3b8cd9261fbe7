import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../../services/intake/scripts/load-catalog.ts';
import { simulatorOptionsFromEnv } from '../../services/postal/simulator/partner-simulator.ts';
import { smsSimulatorOptionsFromEnv } from '../../services/survey/simulator/sms-simulator.ts';
import { DASHBOARD_PATH } from '../../services/reporting/dashboard/shell.ts';
import tree from '../../services/reporting/data/agency-tree.json' with { type: 'json' };
import { DevIssuer } from './dev-issuer.ts';
import { checkJava } from './dynamodb-local.ts';
import { StartupError } from './errors.ts';
import { LocalRuntime } from './runtime.ts';
import { synthesize } from './synth.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * `npm start`: synthesize the CDK app and serve it on this machine.
 *   --port <n>        HTTP port (default $PORT or 3000)
 *   --data-dir <dir>  where data, keys and logs live (default .motcua)
 *   --in-memory       keep DynamoDB in memory (nothing survives a restart)
 *   --logs            print the functions' logs here instead of <data-dir>/logs/functions.log
 *   --assembly-dir <dir>  serve this already synthesized cloud assembly instead of synthesizing ./cdk.out
 * The postal partner simulator reads MOTCUA_POSTAL_SIM_*, the SMS gateway simulator MOTCUA_SMS_SIM_* (docs/local-runtime.md).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'data-dir': { type: 'string', default: '.motcua' },
    'in-memory': { type: 'boolean', default: false },
    logs: { type: 'boolean', default: false },
    'assembly-dir': { type: 'string' },
  },
});

const status = (line: string) => console.log(`  ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = path.resolve(values['data-dir']);
  checkJava();
  const fromEnv = <T>(read: (env: NodeJS.ProcessEnv) => T): T => {
    try {
      return read(process.env);
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
  };
  const postalSimulator = fromEnv(simulatorOptionsFromEnv);
  const smsSimulator = fromEnv(smsSimulatorOptionsFromEnv);

  console.log('motcua — starting the local system');
  const given = values['assembly-dir'];
  const assemblyDir = path.resolve(given ?? 'cdk.out');
  if (given) {
    status(`synth      skipped: serving the assembly in ${assemblyDir}`);
  } else {
    await synthesize(assemblyDir);
    status(`synth      cdk.out synthesized, functions bundled, cdk-nag passed`);
  }

  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const functionLogs = values.logs ? process.stdout : createWriteStream(path.join(dataDir, 'logs', 'functions.log'), { flags: 'a' });
  const runtime = new LocalRuntime({
    assemblyDir,
    dataDir,
    inMemory: values['in-memory'],
    port: Number(values.port),
    functionLogs,
    onStatus: status,
    postalSimulator,
    smsSimulator,
    onError: (message) => console.error(`  ! ${message}`),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (in-flight work finishes first)…`);
    await runtime.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const info = await runtime.start();
  const catalogTable = info.outputs['Motcua-Data.CatalogTableName']!;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const counts = await loadCatalog(client, catalogTable);
  status(`catalog    ${counts.procedures} procedures, ${counts.agencies} agencies loaded from services/intake/data`);
  // The province's leader sees everything: the link a newcomer opens first. The token rides in the
  // fragment, which the browser never sends (services/reporting/dashboard/token.ts).
  const province = tree.agencies.find((agency) => agency.level === 'province' && !('validTo' in agency))!.code;
  const leader = await (await DevIssuer.open(dataDir)).mint({ agency: province, sub: `leader-${province}`, ttlSeconds: 12 * 3600 });
  status(`dashboard  ${info.url}${DASHBOARD_PATH}#token=${leader}  (province ${province}'s leader, development token valid 12 h)`);
  console.log(`\nmotcua is running at ${info.url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C to stop)`);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`motcua: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
