import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDomainEvent } from '../../libs/events/catalog.ts';
import { DEFAULT_HTTP } from '../../services/postal/adapters/http-client.ts';
import type { Fault } from '../../services/postal/simulator/partner-simulator.ts';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';
import { eventually, POSTAL_ADDRESS, resolvedDossier } from '../support/postal.ts';

/**
 * Postal's calls to the partner when the partner misbehaves, on the local runtime with the partner
 * simulator's faults: answered 503 then 200, down past every retry, slow past our client's timeout,
 * refusing. Whatever happens, the dossier stays resolved until the partner has the shipment, the
 * message is retried by the queue and parked in postal's DLQ, `npm run postal:retry` (the real CLI,
 * as a child process) or a DLQ redrive asks again, and the partner holds the shipment once.
 *
 * PostalEvents' visibility timeout is 360 s in the template (6 × the function's 60 s): five
 * receives would take half an hour. The tests that wait for the DLQ shorten it on the served queue
 * with SetQueueAttributes, as an operator could in AWS, for that phase only, and put the template's
 * value back before anything is meant to succeed. Everything else is as deployed: the template's
 * maxReceiveCount and redrive policy, the poller, the function, the HTTP client's own retries.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const RETRY_CLI = path.join(ROOT, 'scripts/postal-retry.ts');
const PARTNER = 'demo-webhook';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let system: LocalSystem;
let dataDir: string;
let token: string;
let sqs: SQSClient;
let documents: DynamoDBDocumentClient;
let queueUrl: string;
let dlqUrl: string;
let templateVisibility: string;
let maxReceiveCount: number;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-postal-faults-'));
  system = await startLocalSystem({
    assemblyDir: inject('assemblyDir'),
    dataDir,
    inMemory: true,
    // The slow fault answers 3 s after our client (5 s) gave up: late, and not for ever.
    postalSimulator: { stepMs: 150, slowMs: DEFAULT_HTTP.timeoutMs + 3_000 },
  });
  token = await system.issuer.mint({ agency: 'H38.22' });
  sqs = new SQSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials }));
  const queue = (part: string) => Object.entries(system.info.queues).find(([key]) => key.startsWith(`Motcua-Data/PostalEvents${part}`))![1];
  queueUrl = queue('Queue');
  dlqUrl = queue('Dlq');
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }));
  templateVisibility = Attributes.VisibilityTimeout!;
  maxReceiveCount = Number(JSON.parse(Attributes.RedrivePolicy!).maxReceiveCount);
});

afterAll(async () => {
  sqs?.destroy();
  documents?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// A test that failed half-way leaves no fault behind for the next.
afterEach(() => setFault('none'));

const simulator = () => system.runtime.postalSimulator;
const setFault = (mode: Fault['mode'], count?: number) => simulator().setFault({ partner: PARTNER, mode, ...(count ? { count } : {}) });

async function resolvedByPost(i: number): Promise<{ code: string; shipmentId: string }> {
  const code = await resolvedDossier(system, token, i, { resultDelivery: { method: 'postal', address: POSTAL_ADDRESS } });
  return { code, shipmentId: `SHP-${code}-R` };
}

const dossier = async (code: string) => (await system.api('GET', `/dossiers/${code}`, undefined, token)).body;
const shipment = async (shipmentId: string) => system.api('GET', `/postal/shipments/${shipmentId}`, undefined, token);
const atPartner = (shipmentId: string) => simulator().list().filter((s) => s.shipmentId === shipmentId);
const faultsSince = (mark: number) => simulator().faultLog().slice(mark);

async function returned(code: string) {
  return eventually(() => dossier(code), (body) => body.status === 'returned', 45_000);
}

/** The shipment as the officer sees it once postal recorded it created (the partner's updates may have returned the dossier before). */
async function createdShipment(shipmentId: string) {
  return eventually(async () => (await shipment(shipmentId)).body, (body) => body?.creation === 'created', 30_000);
}

/** The ShipmentCreated events postal's outbox holds for the shipment (its entries are keyed by shipment id). */
async function shipmentCreatedEvents(shipmentId: string) {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName: system.info.outputs['Motcua-Data.PostalOutboxTableName']!, KeyConditionExpression: 'pk = :id', ExpressionAttributeValues: { ':id': shipmentId }, ConsistentRead: true }),
  );
  return Items.map((item) => item.event as { type: string }).filter((event) => event.type === 'ShipmentCreated');
}

async function visibilityTimeout(seconds: string): Promise<void> {
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: seconds } }));
}

/** Waits for the dossier's message in postal's DLQ and takes it out (received, not yet deleted). */
async function parkedMessage(code: string): Promise<Message> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60, MessageAttributeNames: ['All'] }));
    const mine = Messages.find((message) => parseDomainEvent(JSON.parse(message.Body!)).dossierCode === code);
    if (mine) return mine;
  }
  throw new Error(`no message of ${code} reached postal's DLQ`);
}

/** What `aws sqs start-message-move-task` does to one message (fauxqs has no move task): sent back to its source queue, as it was, then deleted from the DLQ. */
async function redrive(message: Message): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body!, MessageAttributes: message.MessageAttributes }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle! }));
}

/** `npm run postal:retry -- …` as npm runs it: Node 24 from node_modules, the repository as the working directory. */
async function postalRetry(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(NODE, [RETRY_CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * The partner fails every call while the dossier is resolved: the message is received
 * maxReceiveCount times, each invocation making `callsPerReceive` calls, then parked in the DLQ.
 * The dossier stays resolved and nothing is created; the template's visibility is back after.
 */
async function parkedWhilePartnerFails(i: number, mode: 'down' | 'reject', callsPerReceive: number): Promise<{ code: string; shipmentId: string; parked: Message }> {
  const mark = simulator().faultLog().length;
  setFault(mode);
  await visibilityTimeout('1');
  try {
    const { code, shipmentId } = await resolvedByPost(i);
    const parked = await parkedMessage(code);
    expect(parseDomainEvent(JSON.parse(parked.Body!))).toMatchObject({ type: 'DossierResolved', dossierCode: code });
    // Every receive the template allows, each with its calls: no fewer, no more. (The last
    // invocation may still be calling when its message is parked: waited for, so that no call of
    // it lands after the partner is back.)
    const calls = await eventually(async () => faultsSince(mark).length, (n) => n >= maxReceiveCount * callsPerReceive, 15_000);
    expect(calls).toBe(maxReceiveCount * callsPerReceive);
    expect((await dossier(code)).status).toBe('resolved');
    expect(atPartner(shipmentId)).toEqual([]);
    expect(await shipmentCreatedEvents(shipmentId)).toEqual([]);
    return { code, shipmentId, parked };
  } finally {
    await visibilityTimeout(templateVisibility);
  }
}

describe('postal when the partner misbehaves', () => {
  it('503 then 200: the client retries within the invocation, the shipment is created once, the dossier returned', async () => {
    const mark = simulator().faultLog().length;
    setFault('5xx-then-ok', DEFAULT_HTTP.maxAttempts - 1);
    const { code, shipmentId } = await resolvedByPost(901);
    expect((await returned(code)).status).toBe('returned');

    // The two 503s reached no shipment (the simulator answered before reading the order): its fault log shows them.
    expect(faultsSince(mark)).toMatchObject([
      { partner: PARTNER, mode: '5xx-then-ok', method: 'POST', path: `/${PARTNER}/shipments` },
      { partner: PARTNER, mode: '5xx-then-ok', method: 'POST', path: `/${PARTNER}/shipments` },
    ]);
    const [created, ...others] = atPartner(shipmentId);
    expect(others).toEqual([]);
    expect(created).toMatchObject({ createRequests: 1 });
    expect((await shipment(shipmentId)).body).toMatchObject({ creation: 'created', partner: { trackingNumber: created!.trackingNumber } });
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);
  });

  it('down past every retry: parked in the DLQ, dossier resolved, shipment pending; partner back, postal:retry creates it once; a redrive of the parked copy changes nothing', async () => {
    // Each receive makes every attempt of the HTTP client.
    const { code, shipmentId, parked } = await parkedWhilePartnerFails(902, 'down', DEFAULT_HTTP.maxAttempts);
    expect((await shipment(shipmentId)).body).toMatchObject({ creation: 'pending', status: null, partner: { trackingNumber: null } });

    setFault('none');
    const retried = await postalRetry('--shipment', shipmentId, '--data-dir', dataDir);
    expect(retried, retried.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(retried.stdout).toContain(`${shipmentId} was not created yet: its DossierResolved is queued again for postal`);
    expect((await returned(code)).status).toBe('returned');
    expect(atPartner(shipmentId)).toMatchObject([{ createRequests: 1 }]);
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);

    // Someone also redrives the DLQ: the consumer sees a shipment already created and asks nothing of the partner.
    await redrive(parked);
    await eventually(async () => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes!, (a) => a.ApproximateNumberOfMessages === '0' && a.ApproximateNumberOfMessagesNotVisible === '0');
    expect(atPartner(shipmentId)).toMatchObject([{ createRequests: 1 }]);
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);
  }, 180_000);

  it('down past every retry, then a DLQ redrive alone: created once, the dossier returned', async () => {
    const { code, shipmentId, parked } = await parkedWhilePartnerFails(903, 'down', DEFAULT_HTTP.maxAttempts);
    setFault('none');
    await redrive(parked);
    expect((await returned(code)).status).toBe('returned');
    expect(atPartner(shipmentId)).toMatchObject([{ createRequests: 1 }]);
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);
  }, 180_000);

  it('slow past the client timeout: the partner did the work, the retry finds the same shipment; one tracking number, one ShipmentCreated', async () => {
    const mark = simulator().faultLog().length;
    setFault('slow', 1);
    const { code, shipmentId } = await resolvedByPost(904);
    // The partner did the work: its updates (sent at once) may return the dossier while our client still waits.
    expect((await returned(code)).status).toBe('returned');
    expect((await createdShipment(shipmentId)).creation).toBe('created');

    expect(faultsSince(mark)).toMatchObject([{ partner: PARTNER, mode: 'slow', method: 'POST', path: `/${PARTNER}/shipments` }]);
    const [created, ...others] = atPartner(shipmentId);
    expect(others).toEqual([]);
    expect(created!.createRequests).toBeGreaterThanOrEqual(2);
    expect((await shipment(shipmentId)).body).toMatchObject({ creation: 'created', partner: { trackingNumber: created!.trackingNumber } });
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);
  }, 120_000);

  it('refused (422): creation failed with the reason shown to the officer, parked in the DLQ; fixed, postal:retry creates it', async () => {
    // A refusal is not retried by the client: one call per receive.
    const { code, shipmentId } = await parkedWhilePartnerFails(905, 'reject', 1);
    const failed = await shipment(shipmentId);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ creation: 'failed', creationFailure: { reason: 'rejected', status: 422 }, partner: { trackingNumber: null } });

    setFault('none');
    const retried = await postalRetry('--shipment', shipmentId, '--data-dir', dataDir);
    expect(retried, retried.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(retried.stdout).toMatch(new RegExp(`^${shipmentId} was refused \\(rejected 422\\) at \\S+: its DossierResolved is queued again for postal`));
    expect((await returned(code)).status).toBe('returned');
    expect(atPartner(shipmentId)).toMatchObject([{ createRequests: 1 }]);
    expect(await shipmentCreatedEvents(shipmentId)).toHaveLength(1);
    expect((await shipment(shipmentId)).body).toMatchObject({ creation: 'created', creationFailure: null });
  }, 180_000);
});

describe('npm run postal:retry', () => {
  it('a bad command line: exit 2 with the usage, nothing done', async () => {
    for (const args of [[], ['--shipment'], ['--shipment', 'SHP-X-R', '--bogus'], ['--shipment', 'SHP-X-R', '--table', 'T'], ['--shipment', 'SHP-X-R', '--queue-url', 'http://q']]) {
      const run = await postalRetry(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^postal:retry: .+\nusage: npm run postal:retry -- --shipment <shipment id>/);
      expect(run.stdout).toBe('');
    }
  });

  it('no running system at --data-dir: exit 1, saying where it looked', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'motcua-postal-retry-'));
    try {
      const run = await postalRetry('--shipment', 'SHP-X-R', '--data-dir', empty);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toContain(`${path.join(empty, 'runtime.json')} not found`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('an unknown shipment: exit 1', async () => {
    const run = await postalRetry('--shipment', 'SHP-H38.22-000000-0000-R', '--data-dir', dataDir);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'postal:retry: no shipment SHP-H38.22-000000-0000-R\n' });
  });

  it('a shipment already created: exit 0, nothing to do, nothing queued', async () => {
    const { code, shipmentId } = await resolvedByPost(906);
    await returned(code);
    const { trackingNumber } = atPartner(shipmentId)[0]!;
    const run = await postalRetry('--shipment', shipmentId, '--data-dir', dataDir);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: `${shipmentId} is already created at ${PARTNER} (tracking ${trackingNumber}): nothing to do\n` });
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });
});
