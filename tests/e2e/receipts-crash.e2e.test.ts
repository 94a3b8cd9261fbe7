import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DevIssuer } from '../../infra/local/dev-issuer.ts';
import type { RuntimeInfo } from '../../infra/local/runtime.ts';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { json } from '../../libs/platform/http.ts';
import { KeyAlreadyRecorded, keyRecord } from '../../libs/platform/idempotency-key.ts';
import { DossierRepository } from '../../services/intake/adapters/dossier-repository.ts';
import { householdBusiness } from '../support/local-system.ts';

/**
 * Receipts are exactly-once across a crash. The local runtime (`npm start`'s main.ts) runs
 * as a child process in a process group of its own, with DynamoDB Local on disk; a burst of
 * keyed submissions is cut by SIGKILL to the whole group, the runtime is started again on
 * the same data directory, and every request is sent again with its key. Wherever the kill
 * lands, each key must end with exactly one dossier, and running numbers may be wasted only
 * by requests that were in flight when it landed.
 *
 * DynamoDB Local answers a TransactWriteItems before its COMMIT has run; the local runtime's
 * DurableDynamoDbProxy (infra/local/durable-dynamodb.ts) answers only after it, as real DynamoDB
 * does. So every answer a client got before the kill must still hold after it, byte for byte.
 */
const MAIN = fileURLToPath(new URL('../../infra/local/main.ts', import.meta.url));
const BURST = 40;
/** The kill is sent as this many answers have come back: some done, some in flight, some queued. */
const KILL_AFTER = 10;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-crash-'));
let running: ChildProcess | undefined;

interface Started {
  readonly url: string;
  readonly token: string;
  readonly info: RuntimeInfo;
  readonly dynamodb: DynamoDBDocumentClient;
  readonly table: (name: 'DossiersTable' | 'HistoryTable' | 'IdempotencyTable') => string;
}

/** Starts main.ts on the data directory, serving the assembly the global setup synthesized. */
async function start(): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir, '--assembly-dir', inject('assemblyDir')], {
    detached: true, // its own process group: the kill takes DynamoDB Local's JVM down with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /motcua is running at (http:\/\/\S+)/.exec(output);
      if (ready) resolve(ready[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`main.ts exited (${code}) before it was ready:\n${output}`)));
  });
  const token = await (await DevIssuer.open(dataDir)).mint({ agency: 'H38.22', sub: 'officer-crash' });
  const info = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: info.region, credentials, maxAttempts: 1 }));
  const table = (name: string) => Object.entries(info.tables).find(([key]) => key.includes(name))![1];
  return { url, token, info, dynamodb, table };
}

/** SIGKILL to the whole group, as a power cut would; returns once the group is gone. */
async function kill(child: ChildProcess): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
  for (let waited = 0; waited < 5000 && groupAlive(child.pid!); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly replayed: boolean;
}

/** One submission with its key; null when the answer was lost (connection reset or refused). */
async function submit(system: Started, i: number): Promise<Answer | null> {
  try {
    const response = await fetch(`${system.url}/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${system.token}`, 'idempotency-key': `crash-${i}` },
      body: JSON.stringify(householdBusiness(500 + i)),
    });
    return { status: response.status, body: await response.text(), replayed: response.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return null;
  }
}

async function scan(system: Started, table: Parameters<Started['table']>[0]): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await system.dynamodb.send(new ScanCommand({ TableName: system.table(table), ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const codeOf = (answer: Answer) => JSON.parse(answer.body).code as string;
const idNumberOf = (i: number) => householdBusiness(500 + i).applicant.idNumber;

afterAll(async () => {
  if (running) await kill(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash in the middle of a burst of keyed submissions', () => {
  let system: Started;

  it('ends with exactly one dossier per key, and wastes numbers only of requests in flight', { timeout: 120_000 }, async () => {
    const first = await start();
    let answered = 0;
    let killed: Promise<void> | undefined;
    const firstAnswers = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const answer = await submit(first, i);
        if (!answer) return null;
        if (++answered === KILL_AFTER) killed = kill(running!);
        return answer;
      }),
    );
    await killed;
    first.dynamodb.destroy();
    const unanswered = firstAnswers.filter((answer) => answer === null).length;
    expect(unanswered).toBeGreaterThan(0); // the kill did land mid-burst
    for (const answer of firstAnswers) if (answer) expect(answer.status).toBe(201);

    system = await start();
    const retries = await Promise.all(Array.from({ length: BURST }, (_, i) => submit(system, i)));
    for (const [i, retry] of retries.entries()) expect(retry?.status, `retry of crash-${i}: ${retry?.body}`).toBe(201);

    // Exactly one dossier per key (each key's body has its own applicant), with its DossierReceived
    // event and its key's record, and the retry's answer is that dossier.
    const dossiers = (await scan(system, 'DossiersTable')).filter((item) => 'code' in item);
    expect(dossiers.map((dossier) => dossier.applicant.idNumber).sort()).toEqual(Array.from({ length: BURST }, (_, i) => idNumberOf(i)).sort());
    const codes = dossiers.map((dossier) => dossier.code as string).sort();
    for (const [i, retry] of retries.entries()) expect(codeOf(retry!)).toBe(dossiers.find((dossier) => dossier.applicant.idNumber === idNumberOf(i))!.code);
    const history = (await scan(system, 'HistoryTable')).map((item) => item.event as DomainEvent);
    expect(history.filter((event) => event.type === 'DossierReceived').map((event) => event.dossierCode).sort()).toEqual(codes);
    const records = await scan(system, 'IdempotencyTable');
    expect(records.map((record) => JSON.parse(record.response.body).code).sort()).toEqual(codes);

    // Every first answer is given again byte for byte (same code, same dueAt): what a client was
    // told survived the crash.
    for (const [i, before] of firstAnswers.entries()) {
      if (!before) continue;
      expect(retries[i]!.body, `crash-${i}`).toBe(before.body);
      expect(retries[i]!.replayed).toBe(true);
    }

    // Numbers taken (the day's counters) minus dossiers saved: those of requests that died
    // between the counter and the transaction. Codes are unique: they are the table's key.
    const counters = (await scan(system, 'DossiersTable')).filter((item) => String(item.pk).startsWith('counter#'));
    const wasted = counters.reduce((sum, counter) => sum + Number(counter.n), 0) - dossiers.length;
    expect(wasted).toBeGreaterThanOrEqual(0);
    expect(wasted).toBeLessThanOrEqual(unanswered);
  });

  it('saves nothing of a dossier whose key another request recorded meanwhile, and hands back that record', async () => {
    const repository = new DossierRepository(system.dynamodb, {
      dossiers: system.table('DossiersTable'),
      history: system.table('HistoryTable'),
      idempotency: system.table('IdempotencyTable'),
    });
    const now = new Date();
    const recorded = (await repository.keyRecord('POST /dossiers#crash-0', now))!;
    const winner = JSON.parse(recorded.response.body).code as string;
    const [received] = await repository.history(winner);
    // The loser of a race: a number of its own, the same key.
    const loser = { ...(await repository.get(winner))!, code: `${winner}9` };
    const mine = keyRecord({ id: recorded.id, fingerprint: recorded.fingerprint }, json(201, { code: loser.code }), now);
    const attempt = repository.create(loser, { type: received!.type, data: received!.data }, received!.actor, now, mine);
    await expect(attempt).rejects.toBeInstanceOf(KeyAlreadyRecorded);
    await expect(attempt).rejects.toMatchObject({ record: recorded });
    expect(await repository.get(loser.code)).toBeNull();
    expect(await repository.history(loser.code)).toEqual([]);
    system.dynamodb.destroy();
  });
});
