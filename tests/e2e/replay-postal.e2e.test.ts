import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDomainEvent, type DomainEvent } from '../../libs/events/catalog.ts';
import { outboxItem } from '../../libs/events/outbox.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';

const run = promisify(execFile);
let system: LocalSystem;
let dataDir: string;
let stuck: DomainEvent;
/** The frozen example's day, Vietnam time: nothing else in this fresh system happened on it. */
const DAY = '2026-11-30';

const replay = (...args: string[]) =>
  run(process.execPath, ['scripts/events-replay.ts', '--data-dir', dataDir, ...args], { cwd: path.resolve(import.meta.dirname, '../..') });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-replay-postal-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  // A ShipmentStuck in postal's outbox, as the stuck sweep writes it (nobody but reporting and survey take it).
  const frozen = JSON.parse(readFileSync(new URL('../contracts/events/postal/ShipmentStuck.v1.json', import.meta.url), 'utf8'));
  stuck = parseDomainEvent({ ...frozen, eventId: randomUUID() });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  await documents.send(new PutCommand({ TableName: system.info.outputs['Motcua-Data.PostalOutboxTableName']!, Item: outboxItem(stuck, 'SHP-H38.22.1-261123-0007-R') }));
  documents.destroy();
  // Published once by postal's publisher, from the outbox's stream.
  expect(await system.drainEvents('reporting', (events) => events.length >= 1)).toEqual([stuck]);
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run events:replay reads postal's outbox too", () => {
  it('sends a postal event again, read from postal’s outbox by its type’s producer', async () => {
    const { stdout } = await replay('--from', DAY, '--consumer', 'reporting');
    expect(stdout).toContain("sent 1 of 1 events (2026-11-30 to 2026-11-30) from intake's, postal's and survey's outboxes to reporting's queue");
    expect(await system.drainEvents('reporting', (events) => events.length >= 1)).toEqual([stuck]);
  });

  it('reads only the outbox of the types asked, or of --producer', async () => {
    expect((await replay('--from', DAY, '--type', 'ShipmentStuck', '--dry-run')).stdout).toContain("would send 1 of 1 events (2026-11-30 to 2026-11-30) from postal's outbox to the bus");
    expect((await replay('--from', DAY, '--producer', 'intake', '--dry-run')).stdout).toContain("would send 0 of 0 events (2026-11-30 to 2026-11-30) from intake's outbox");
    await expect(replay('--from', DAY, '--producer', 'intake', '--type', 'ShipmentStuck')).rejects.toMatchObject({ code: 2 });
  });
});
