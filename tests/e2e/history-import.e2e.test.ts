import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';
import { eventually } from '../support/postal.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(root, 'docs/examples/history-import.jsonl');
const exampleLines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
const codes = exampleLines.map((line) => (JSON.parse(line) as { code: string }).code);

let system: LocalSystem;
let dataDir: string;
let documents: DynamoDBDocumentClient;
let tables: { dossiers: string; history: string; surveyOutbox: string };

/** `npm run import` as an operator runs it against the running local system; its exit status and output. */
async function importFile(file: string): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['services/intake/scripts/import-history.ts', '--file', file, '--data-dir', dataDir], { cwd: root });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const fileOf = (name: string, lines: string[]) => {
  const file = path.join(dataDir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
const dossierItem = async (code: string) => (await documents.send(new GetCommand({ TableName: tables.dossiers, Key: { pk: code }, ConsistentRead: true }))).Item;
const entriesOf = async (table: string, pk: string) => (await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-import-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  const { info } = system;
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  tables = {
    dossiers: Object.entries(info.tables).find(([key]) => key.includes('DossiersTable'))![1],
    history: info.outputs['Motcua-Data.HistoryTableName']!,
    surveyOutbox: info.outputs['Motcua-Data.SurveyOutboxTableName']!,
  };
});

afterAll(async () => {
  documents?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run import (history from the previous system)', () => {
  it('stores each dossier marked imported, with its events in intake\'s outbox and its answer in the survey\'s', async () => {
    const result = await importFile(EXAMPLE);
    expect(result.stdout).toContain(`${codes.length} dossier(s), ${codes.length} written, 0 already imported, 0 conflict(s)`);
    expect(result.status).toBe(0);

    const returned = await dossierItem(codes[0]!);
    expect(returned).toMatchObject({ code: codes[0], status: 'returned', verdict: 'early', imported: { fingerprint: expect.any(String) }, version: 3 });
    expect(returned).not.toHaveProperty('applicant');
    // Not watched: an imported dossier is history, whatever its status.
    expect(await dossierItem(codes[6]!)).not.toHaveProperty('watchStatus');

    const history = await entriesOf(tables.history, codes[0]!);
    expect(history.map((item) => [item.sk, item.event.type, item.event.occurredAt, item.event.actor])).toEqual([
      ['00000001', 'DossierReceived', '2025-03-03T02:00:00.000Z', { kind: 'system', id: 'import' }],
      ['00000002', 'DossierResolved', '2025-03-05T03:00:00.000Z', { kind: 'system', id: 'import' }],
      ['00000003', 'DossierResultReturned', '2025-03-06T01:30:00.000Z', { kind: 'system', id: 'import' }],
    ]);
    expect(history[0]!.day).toBe('2025-03-03');
    const answer = await entriesOf(tables.surveyOutbox, `survey#${codes[0]}`);
    expect(answer.map((item) => [item.sk, item.event.type, item.event.sequence, item.event.data])).toEqual([['00000001', 'SurveyAnswered', 1, { level: 'very-satisfied', channel: 'imported' }]]);

    // The expired supplement: received, asked, closed.
    expect((await entriesOf(tables.history, codes[3]!)).map((item) => item.event.type)).toEqual(['DossierReceived', 'DossierSupplementRequested', 'DossierSupplementExpired']);
  });

  it('puts the events on the bus like any others (reporting receives them)', async () => {
    const imported = (events: DomainEvent[]) => events.filter((event) => event.actor.id === 'import' && event.type === 'DossierReceived');
    const received = await system.drainEvents('reporting', (events) => imported(events).length >= codes.length);
    expect(new Set(imported(received).map((event) => event.dossierCode))).toEqual(new Set(codes));
  });

  it('ships nothing and texts nobody: postal and survey skip imported events (their queues empty, their DLQs too)', async () => {
    const sqs = new SQSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const attributes = async (output: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: system.info.outputs[`Motcua-Data.${output}`]!, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
    const empty = (queue: Record<string, string>) => queue.ApproximateNumberOfMessages === '0' && queue.ApproximateNumberOfMessagesNotVisible === '0';
    try {
      for (const consumer of ['Postal', 'Survey']) {
        // Without the skip, the postal return and the postal-channel dossier would ask intake for delivery facts, be refused, and park.
        expect(empty(await eventually(() => attributes(`${consumer}EventsQueueUrl`), empty)), `${consumer}'s queue drained`).toBe(true);
        expect(await attributes(`${consumer}DeadLetterQueueUrl`), consumer).toMatchObject({ ApproximateNumberOfMessages: '0' });
      }
    } finally {
      sqs.destroy();
    }
  });

  it('answers an officer with what the export said, and refuses any action with a 409', async () => {
    const token = await system.issuer.mint({ agency: 'H38.22.1' });
    const view = await system.api('GET', `/dossiers/${codes[0]}`, undefined, token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ code: codes[0], imported: true, status: 'returned', statusLabel: 'Đã trả kết quả', allowedActions: [], history: [{ type: 'DossierReceived' }, { type: 'DossierResolved' }, { type: 'DossierResultReturned' }] });
    const action = await system.api('POST', `/dossiers/${codes[0]}/actions`, { type: 'returnResult' }, token);
    expect(action).toMatchObject({ status: 409, body: { code: 'IMPORTED_DOSSIER' } });
    // The citizen's lookup has no phone to check against: the same 404 as wrong digits.
    expect((await system.api('GET', `/dossiers/${codes[0]}?phone4=1234`)).status).toBe(404);
  });

  it('changes nothing the second time, and reports a code holding other content as a conflict', async () => {
    const before = await entriesOf(tables.history, codes[1]!);
    const again = await importFile(EXAMPLE);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`${codes.length} dossier(s), 0 written, ${codes.length} already imported, 0 conflict(s)`);
    expect(await entriesOf(tables.history, codes[1]!)).toEqual(before);

    const changed = JSON.stringify({ ...JSON.parse(exampleLines[1]!), satisfaction: 'satisfied' });
    const conflict = await importFile(fileOf('changed.jsonl', [changed]));
    expect(conflict.status).toBe(3);
    expect(conflict.stderr).toContain(`line 1: conflict: ${codes[1]} already holds other content`);
    expect((await entriesOf(tables.surveyOutbox, `survey#${codes[1]}`))[0]!.event.data.level).toBe('not-satisfied');
  });

  it('writes nothing from a file with one bad line, and names it', async () => {
    const fresh = (number: number) => JSON.stringify({ ...JSON.parse(exampleLines[0]!), code: `H38.22.1-250310-${String(number).padStart(4, '0')}` });
    const bad = JSON.stringify({ ...JSON.parse(exampleLines[0]!), code: 'H38.22.1-250310-0099', returnedAt: undefined });
    const result = await importFile(fileOf('bad.jsonl', [fresh(1), fresh(2), bad, fresh(3)]));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 3: returnedAt: is required for status returned');
    expect(result.stderr).toContain('nothing was imported');
    for (const number of [1, 2, 3]) expect(await dossierItem(`H38.22.1-250310-000${number}`)).toBeUndefined();
  });
});
