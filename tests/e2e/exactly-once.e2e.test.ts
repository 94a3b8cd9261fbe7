import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyOnce, markerKey } from '../../libs/platform/exactly-once.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';

let system: LocalSystem;
let dataDir: string;
let documents: DynamoDBDocumentClient;
let table: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-once-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  table = Object.entries(system.info.tables).find(([key]) => key.includes('DossiersTable'))![1];
});

afterAll(async () => {
  documents?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An effect that counts how often it ran: ADD n 1 on a probe item. */
const countOnce = (probe: string) => [
  { Update: { TableName: table, Key: { pk: probe }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
];
const timesApplied = async (probe: string) => (await documents.send(new GetCommand({ TableName: table, Key: { pk: probe }, ConsistentRead: true }))).Item?.n ?? 0;

describe('applyOnce against DynamoDB Local', () => {
  it('applies an effect with its marker, and a redelivery of the same event changes nothing', async () => {
    const store = { table, consumer: 'probe' };
    const event = { eventId: randomUUID(), type: 'ShipmentDelivered' };
    const probe = `probe#${event.eventId}`;
    expect(await applyOnce(documents, store, event, countOnce(probe))).toBe('applied');
    expect(await applyOnce(documents, store, event, countOnce(probe))).toBe('duplicate');
    expect(await timesApplied(probe)).toBe(1);
    const marker = await documents.send(new GetCommand({ TableName: table, Key: markerKey(store, event.eventId), ConsistentRead: true }));
    expect(marker.Item).toMatchObject({ type: 'ShipmentDelivered' });
  });

  it('lets exactly one of several concurrent deliveries apply', async () => {
    const event = { eventId: randomUUID(), type: 'ShipmentDelivered' };
    const probe = `probe#${event.eventId}`;
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => applyOnce(documents, { table, consumer: 'probe' }, event, countOnce(probe))));
    const applied = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === 'applied');
    expect(applied).toHaveLength(1);
    // The others are duplicates, or (DynamoDB cancels conflicting transactions) failures to retry,
    // which a redelivery then answers as duplicates.
    expect(await applyOnce(documents, { table, consumer: 'probe' }, event, countOnce(probe))).toBe('duplicate');
    expect(await timesApplied(probe)).toBe(1);
  });

  it('keeps two consumers\' markers apart: the same event applies once for each', async () => {
    const event = { eventId: randomUUID(), type: 'ShipmentDelivered' };
    expect(await applyOnce(documents, { table, consumer: 'one' }, event, countOnce(`probe#one#${event.eventId}`))).toBe('applied');
    expect(await applyOnce(documents, { table, consumer: 'two' }, event, countOnce(`probe#two#${event.eventId}`))).toBe('applied');
  });
});
