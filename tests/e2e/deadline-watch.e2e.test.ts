import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionHost } from '../../infra/local/function-host.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The scheduled deadline watch, run by the local runtime from the synthesized rule's
 * target. Time cannot be made to pass, so the test moves the stored instants instead
 * (the appointment, or the supplement's closing time) and then runs the watch.
 */
let system: LocalSystem;
let dataDir: string;
let officer: string;
let watch: FunctionHost;
let documents: DynamoDBDocumentClient;
let dossiersTable: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-watch-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  officer = await system.issuer.mint({ agency: 'H38.22', sub: 'officer-watch' });
  const schedule = system.runtime.assembly.schedules.find((rule) => rule.targetFunctionKeys.some((key) => key.includes('WatchDeadlines')))!;
  watch = system.runtime.functionHosts.get(schedule.targetFunctionKeys[0]!)!;
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  dossiersTable = Object.entries(system.info.tables).find(([key]) => key.includes('DossiersTable'))![1];
});

afterAll(async () => {
  documents?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const scheduledEvent = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };

/** Moves a stored instant, as the passing of time would, keeping the watch index in step. */
async function moveInstant(code: string, attribute: 'dueAt' | 'supplement.closesAt', instant: Date): Promise<void> {
  const names: Record<string, string> = attribute === 'dueAt' ? { '#a': 'dueAt' } : { '#s': 'supplement', '#a': 'closesAt' };
  await documents.send(
    new UpdateCommand({
      TableName: dossiersTable,
      Key: { pk: code },
      UpdateExpression: `SET ${attribute === 'dueAt' ? '#a' : '#s.#a'} = :at, watchAt = :at`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':at': instant.toISOString() },
    }),
  );
}

describe('the deadline watch', () => {
  it('warns once about overdue and due-soon dossiers, closes an expired supplement, and announces each like any other change', async () => {
    const codes: Record<'overdue' | 'dueSoon' | 'expired' | 'untouched', string> = { overdue: '', dueSoon: '', expired: '', untouched: '' };
    for (const [i, name] of (['overdue', 'dueSoon', 'expired', 'untouched'] as const).entries()) {
      const response = await system.api('POST', '/dossiers', householdBusiness(300 + i), officer);
      expect(response.status).toBe(201);
      codes[name] = response.body.code;
    }
    const supplement = await system.api('POST', `/dossiers/${codes.expired}/actions`, { type: 'requestSupplement', missing: ['Bản sao hợp đồng thuê nhà'] }, officer);
    expect(supplement.status).toBe(200);
    expect(supplement.body.supplement.closesAt).toBeTruthy();

    const now = Date.now();
    await moveInstant(codes.overdue, 'dueAt', new Date(now - 3 * 86_400_000));
    await moveInstant(codes.dueSoon, 'dueAt', new Date(now + 60_000));
    await moveInstant(codes.expired, 'supplement.closesAt', new Date(now - 60_000));

    expect(await watch.invoke(scheduledEvent)).toEqual({ dueSoon: 1, overdue: 1, expired: 1, skipped: 0 });
    // Once each: a second run finds nothing new to say.
    expect(await watch.invoke(scheduledEvent)).toEqual({ dueSoon: 0, overdue: 0, expired: 0, skipped: 0 });

    const overdue = await system.api('GET', `/dossiers/${codes.overdue}`, undefined, officer);
    expect(overdue.body.standing).toBe('overdue');
    expect(overdue.body.history.at(-1)).toMatchObject({ type: 'DossierOverdue', actor: { kind: 'system' } });
    const expired = await system.api('GET', `/dossiers/${codes.expired}`, undefined, officer);
    expect(expired.body.status).toBe('stopped');
    const untouched = await system.api('GET', `/dossiers/${codes.untouched}`, undefined, officer);
    expect(untouched.body.history.map((entry: { type: string }) => entry.type)).toEqual(['DossierReceived']);

    const wanted = new Map([
      [codes.overdue, 'DossierOverdue'],
      [codes.dueSoon, 'DossierDueSoon'],
      [codes.expired, 'DossierSupplementExpired'],
    ]);
    const events = await system.drainEvents('reporting', (seen) => [...wanted].every(([code, type]) => seen.some((e) => e.dossierCode === code && e.type === type)));
    for (const [code, type] of wanted) expect(events.filter((e) => e.dossierCode === code && e.type === type)).toHaveLength(1);
    const dueSoon = events.find((e) => e.type === 'DossierDueSoon')!;
    expect(dueSoon.data).toMatchObject({ margin: { unit: 'workingHours', value: 3 } });
  });
});
