import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Agency, Procedure } from '../domain/catalog.ts';

const DATA = new URL('../data/', import.meta.url);

/** Reads and validates the catalog data files; a bad file stops the load before anything is written. */
export function readCatalog(): { procedures: Procedure[]; agencies: Agency[] } {
  const procedures = z.array(Procedure).parse(JSON.parse(readFileSync(new URL('procedures.json', DATA), 'utf8')));
  const agencies = z.array(Agency).parse(JSON.parse(readFileSync(new URL('agencies.json', DATA), 'utf8')));
  return { procedures, agencies };
}

/** Upserts every procedure and agency (pk = kind, sk = code). Running it twice changes nothing. */
export async function loadCatalog(client: DynamoDBDocumentClient, table: string): Promise<{ procedures: number; agencies: number }> {
  const { procedures, agencies } = readCatalog();
  const items = [
    ...procedures.map((procedure) => ({ pk: 'procedure', sk: procedure.code, ...procedure })),
    ...agencies.map((agency) => ({ pk: 'agency', sk: agency.code, ...agency })),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests?.length; attempt++) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
      requests = UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      if (requests?.length) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
  return { procedures: procedures.length, agencies: agencies.length };
}

/**
 * npm run catalog:load                    → the local system (reads .motcua/runtime.json)
 * npm run catalog:load -- --table <name>  → a deployed table (AWS credentials from the environment)
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { table: { type: 'string' }, 'data-dir': { type: 'string', default: '.motcua' } } });
  let table = values.table;
  let clientConfig = {};
  if (!table) {
    const runtime = JSON.parse(readFileSync(`${values['data-dir']}/runtime.json`, 'utf8')) as { dynamodbEndpoint: string; region: string; outputs: Record<string, string> };
    table = runtime.outputs['Motcua-Data.CatalogTableName'];
    clientConfig = { endpoint: runtime.dynamodbEndpoint, region: runtime.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  }
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  const counts = await loadCatalog(client, table!);
  console.log(`Loaded ${counts.procedures} procedures and ${counts.agencies} agencies into ${table}.`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`catalog:load failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
