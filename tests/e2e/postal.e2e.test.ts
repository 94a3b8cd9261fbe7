import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventOfOutboxItem } from '../../libs/events/outbox.ts';
import type { DomainEvent } from '../../libs/events/catalog.ts';
import { sign } from '../../libs/platform/standard-webhooks.ts';
import type { PartnerUpdateMessage } from '../../services/postal/adapters/update-message.ts';
import { DEV_WEBHOOK_SECRET } from '../../services/postal/simulator/dev-credentials.ts';
import { recordHanded } from '../support/deliveries.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The postal service on the local runtime, with the partner simulator playing the carrier: a
 * result sent by post goes from resolved to returned through signed partner updates that arrive
 * duplicated, out of order and with a stale one, and the dossier is returned as of the delivery;
 * forged, replayed and late updates change nothing; the polled partner, an inbound pickup, a
 * package returned to the sender, the stuck sweep and the officers' routes, all through the
 * deployed functions, real HTTP and the simulator.
 */

let system: LocalSystem;
let dataDir: string;
/** Officers of the district (demo-webhook partner), of phường Tân An (polled vnpost partner), of another district. */
let token: string;
let communeToken: string;
let otherToken: string;
let lambda: LambdaClient;
let documents: DynamoDBDocumentClient;

const ADDRESS = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tỉnh Hòa Lâm' };
const POSTAL_RETURN = { resultDelivery: { method: 'postal', address: ADDRESS } };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-postal-'));
  system = await startLocalSystem({
    assemblyDir: inject('assemblyDir'),
    dataDir,
    inMemory: true,
    postalSimulator: { stepMs: 150, duplicates: 0.5, reorder: true, stale: true },
  });
  token = await system.issuer.mint({ agency: 'H38.22' });
  communeToken = await system.issuer.mint({ agency: 'H38.22.2' });
  otherToken = await system.issuer.mint({ agency: 'H38.23' });
  lambda = new LambdaClient({ endpoint: system.info.lambdaEndpoint, region: system.info.region, credentials });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.info.dynamodbEndpoint, region: system.info.region, credentials }));
});

afterAll(async () => {
  lambda?.destroy();
  documents?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function received(i: number, overrides: Record<string, unknown>, as = token): Promise<string> {
  const response = await system.api('POST', '/dossiers', householdBusiness(i, overrides), as);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.code;
}

async function resolve(code: string, as = token): Promise<void> {
  for (const type of ['startProcessing', 'resolve']) {
    const acted = await system.api('POST', `/dossiers/${code}/actions`, { type }, as);
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  }
}

async function resolved(i: number, overrides: Record<string, unknown>, as = token): Promise<string> {
  const code = await received(i, overrides, as);
  await resolve(code, as);
  return code;
}

/** A resolved postal return whose partner plays `scenario` for it. */
async function resolvedWith(i: number, scenario: 'delivered' | 'returned' | 'silent'): Promise<string> {
  const code = await received(i, POSTAL_RETURN);
  system.runtime.postalSimulator.chooseScenario({ dossierCode: code, scenario });
  await resolve(code);
  return code;
}

/** Deadlines, not durations: generous, because the machine running the tests may be busy. */
const SLOW = { timeout: 150_000 };

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const dossierOf = async (code: string, as = token) => (await system.api('GET', `/dossiers/${code}`, undefined, as)).body;
const shipmentOf = async (id: string, as = token) => (await system.api('GET', `/postal/shipments/${id}`, undefined, as)).body;

/** The shipment once every update the simulator sent for it has been applied (distinct ids: a resend changes nothing). */
async function settledShipment(id: string, until: (shipment: any) => boolean, as = token) {
  await eventually(async () => system.runtime.postalSimulator.list().find((s) => s.shipmentId === id), (s) => s !== undefined);
  await system.runtime.postalSimulator.settled();
  const sent = system.runtime.postalSimulator.list().find((s) => s.shipmentId === id)!;
  const distinct = new Set(sent.updates.map((update) => update.webhookId ?? `${update.code}@${update.occurredAt}`)).size;
  const shipment = await eventually(() => shipmentOf(id, as), (s) => s.updates?.length === distinct && until(s));
  expect(shipment.updates, JSON.stringify(shipment)).toHaveLength(distinct);
  expect(until(shipment), JSON.stringify(shipment)).toBe(true);
  return shipment;
}

/** Postal's outbox entries of one shipment: every event it announced, once each. */
async function outboxOf(shipmentId: string): Promise<DomainEvent[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName: system.info.outputs['Motcua-Data.PostalOutboxTableName']!, KeyConditionExpression: 'pk = :id', ExpressionAttributeValues: { ':id': shipmentId }, ConsistentRead: true }),
  );
  return Items.map(eventOfOutboxItem);
}

/** Runs a scheduled function now, through the runtime's Lambda Invoke endpoint, as EventBridge would. */
async function runScheduled(name: string): Promise<void> {
  const functionName = Object.entries(system.info.functions).find(([key]) => key.includes(name))![1];
  const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
  const response = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
  expect(response.FunctionError, new TextDecoder().decode(response.Payload)).toBeUndefined();
}

interface Signing {
  readonly id?: string;
  readonly secret?: string;
  /** Seconds since the epoch. */
  readonly timestamp?: number;
  /** What is signed, when it is not what is sent (a tampered body). */
  readonly signed?: string;
}

/** Posts a webhook to the demo partner's route as a partner would, signed with the development secret unless told otherwise. */
async function postWebhook(body: string, signing: Signing = {}): Promise<number> {
  const id = signing.id ?? `msg_test_${randomUUID()}`;
  const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${system.info.url}/postal/webhooks/demo-webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(signing.secret ?? DEV_WEBHOOK_SECRET, id, timestamp, signing.signed ?? body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const updateBody = (shipmentId: string, dossierCode: string, status: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'shipment.updated', timestamp: new Date().toISOString(), data: { shipmentId, dossierCode, status, occurredAt, ...extra } });

/** The partner updates postal's consumer has handled from now on (its queue is emptied by it). */
const handledUpdates = () => recordHanded(system, 'postalpartnerupdatesqueue', (body) => JSON.parse(body) as PartnerUpdateMessage);

describe('postal on the local runtime', SLOW, () => {
  it('ships a postal return when it is resolved and returns the dossier as of the delivery the partner reported', async () => {
    const code = await resolved(801, { resultDelivery: { method: 'postal', address: ADDRESS } });
    const dossier = await eventually(
      async () => (await system.api('GET', `/dossiers/${code}`, undefined, token)).body,
      (body) => body.status === 'returned',
    );
    expect(dossier.status).toBe('returned');

    const simulated = system.runtime.postalSimulator.list().find((shipment) => shipment.dossierCode === code)!;
    expect(simulated).toMatchObject({ shipmentId: `SHP-${code}-R`, createRequests: 1 });
    const delivered = simulated.updates.find((update) => update.status === 'delivered')!;
    expect(dossier.returnedAt).toBe(new Date(delivered.occurredAt).toISOString());

    await system.runtime.postalSimulator.settled();
    const list = await system.api('GET', `/postal/shipments?dossierCode=${code}`, undefined, token);
    expect(list.status).toBe(200);
    expect(list.body.shipments).toHaveLength(1);
    const shipment = await system.api('GET', `/postal/shipments/SHP-${code}-R`, undefined, token);
    expect(shipment.status).toBe(200);
    expect(shipment.body).toMatchObject({ status: 'delivered', direction: 'outbound' });
  });
});

describe('updates that must not change anything', SLOW, () => {
  it('refuses forged updates with 401 and a bad payload with 400, storing nothing and returning nothing', async () => {
    // A shipment the partner leaves at "accepted": a forged "delivered" accepted would return the dossier.
    const code = await resolvedWith(802, 'silent');
    const id = `SHP-${code}-R`;
    const before = await settledShipment(id, (s) => s.status === 'accepted');
    const delivered = updateBody(id, code, 'delivered', new Date().toISOString(), { recipientName: 'Kẻ Mạo Danh' });

    const otherSecret = `whsec_${Buffer.from('a secret that is not the partner one').toString('base64')}`;
    expect(await postWebhook(delivered, { secret: otherSecret }), 'wrong secret').toBe(401);
    expect(await postWebhook(delivered, { signed: updateBody(id, code, 'in_transit', new Date().toISOString()) }), 'tampered body').toBe(401);
    expect(await postWebhook(delivered, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }), 'stale timestamp').toBe(401);
    expect(await postWebhook(delivered, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 }), 'future timestamp').toBe(401);
    const unsigned = await fetch(`${system.info.url}/postal/webhooks/demo-webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: delivered });
    expect(unsigned.status, 'no signature headers').toBe(401);
    // Signed right, but not an update we read: 400. (A status code we do not know is not one: it is
    // kept unmapped for the officer, by design — services/postal/README.md, `mapStatus`.)
    expect(await postWebhook(updateBody(id, code, 'delivered', '31/02/2026 10:00:00')), 'a time that does not exist').toBe(400);
    expect(await postWebhook(JSON.stringify({ ...JSON.parse(delivered), type: 'shipment.deleted' })), 'another type').toBe(400);
    expect(await postWebhook(JSON.stringify({ type: 'shipment.updated', data: { shipmentId: id } })), 'missing fields').toBe(400);
    expect(await postWebhook('{"type": "shipment.updated", '), 'not JSON').toBe(400);

    // A genuine update after them: once it is applied, anything queued before it had its chance too.
    const handled = handledUpdates();
    const witnessId = `msg_test_${randomUUID()}`;
    expect(await postWebhook(updateBody(id, code, 'in_transit', new Date().toISOString()), { id: witnessId })).toBe(202);
    await handled.wait((messages) => messages.some((message) => message.updateId === witnessId));
    handled.stop();
    const after = await shipmentOf(id);
    expect(after.updates.map((update: { updateId: string }) => update.updateId)).toEqual([...before.updates.map((update: { updateId: string }) => update.updateId), witnessId]);
    expect(handled.messages.filter((message) => message.shipmentId === id).map((message) => message.updateId)).toEqual([witnessId]);
    expect(after).toMatchObject({ status: 'in_transit', deliveredAt: null, recipientName: null });
    expect(await dossierOf(code)).toMatchObject({ status: 'resolved' });
  });

  it('accepts the same webhook-id twice and a late "in transit" after delivery, changing neither the status nor the return', async () => {
    const code = await resolvedWith(803, 'delivered');
    const id = `SHP-${code}-R`;
    const before = await settledShipment(id, (s) => s.status === 'delivered');
    const returned = await eventually(() => dossierOf(code), (dossier) => dossier.status === 'returned');
    expect(returned.status).toBe('returned');

    // Signed by hand as the partner: an "in transit" that happened before the delivery, arriving after it.
    const lateId = `msg_test_${randomUUID()}`;
    const late = updateBody(id, code, 'in_transit', new Date(new Date(before.deliveredAt).getTime() - 60_000).toISOString(), { location: 'Trung tâm khai thác tỉnh' });
    const handled = handledUpdates();
    expect(await postWebhook(late, { id: lateId })).toBe(202);
    await handled.wait((messages) => messages.some((message) => message.updateId === lateId));
    const withLate = await shipmentOf(id);
    expect(withLate.updates).toHaveLength(before.updates.length + 1);
    expect(withLate.updates.at(-1)).toMatchObject({ updateId: lateId, status: 'in_transit' });
    expect(withLate).toMatchObject({ status: 'delivered', deliveredAt: before.deliveredAt, version: before.version + 1 });

    // The same webhook-id and body again, freshly signed as a retrying partner does: accepted, and nothing changes.
    expect(await postWebhook(late, { id: lateId })).toBe(202);
    const twice = await handled.wait((messages) => messages.filter((message) => message.updateId === lateId).length >= 2);
    handled.stop();
    expect(twice.filter((message) => message.updateId === lateId)).toHaveLength(2);
    const again = await shipmentOf(id);
    expect(again.updates).toHaveLength(withLate.updates.length);
    expect(again).toMatchObject({ status: 'delivered', deliveredAt: before.deliveredAt, version: withLate.version });
    expect(await dossierOf(code)).toMatchObject({ status: 'returned', returnedAt: returned.returnedAt });
    expect((await outboxOf(id)).filter((event) => event.type === 'ShipmentDelivered')).toHaveLength(1);
  });
});

describe('the polled partner', SLOW, () => {
  it('returns a dossier of phường Tân An when the poller reads the delivery from VNPost tracking', async () => {
    const code = await resolved(804, { ...POSTAL_RETURN, agencyCode: 'H38.22.2' }, communeToken);
    const id = `SHP-${code}-R`;
    await eventually(async () => system.runtime.postalSimulator.list().find((s) => s.shipmentId === id), (s) => s !== undefined);
    await system.runtime.postalSimulator.settled();
    const simulated = system.runtime.postalSimulator.list().find((s) => s.shipmentId === id)!;
    expect(simulated).toMatchObject({ partner: 'vnpost', createRequests: 1 });
    expect(simulated.updates.every((update) => update.outcome === 'served')).toBe(true);

    // The rule runs every 5 minutes: run it now, as its schedule would, until the rows are applied.
    const dossier = await eventually(
      async () => {
        await runScheduled('PollPartnerTracking');
        return dossierOf(code, communeToken);
      },
      (body) => body.status === 'returned',
      90_000,
    );
    expect(dossier.status).toBe('returned');
    // VNPost writes local time to the second: the delivery as the row says it.
    const deliveredAt = new Date(simulated.updates.find((update) => update.status === 'delivered')!.occurredAt);
    expect(dossier.returnedAt).toBe(new Date(Math.floor(deliveredAt.getTime() / 1000) * 1000).toISOString());
    const shipment = await shipmentOf(id, communeToken);
    expect(shipment).toMatchObject({ status: 'delivered', partner: { id: 'vnpost', trackingNumber: simulated.trackingNumber } });
    expect((await outboxOf(id)).filter((event) => event.type === 'ShipmentDelivered')).toHaveLength(1);
  });
});

describe('an inbound pickup', SLOW, () => {
  it('picks up a dossier filed by post and announces it delivered to the centre, without returning the dossier', async () => {
    const code = await received(805, { channel: 'postal', pickupAddress: ADDRESS });
    const id = `SHP-${code}-I`;
    const receivedStatus = (await dossierOf(code)).status;
    const shipment = await settledShipment(id, (s) => s.status === 'delivered');
    expect(shipment).toMatchObject({ direction: 'inbound', creation: 'created', status: 'delivered' });

    const events = await outboxOf(id);
    expect(events.filter((event) => event.type === 'InboundDossierDelivered')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'ShipmentDelivered')).toEqual([]);
    // On the bus: reporting declared every type, and nothing consumes its queue yet.
    const published = await system.drainEvents('reporting', (seen) => seen.some((event) => event.dossierCode === code && event.type === 'InboundDossierDelivered'));
    expect(published.filter((event) => event.dossierCode === code && event.type === 'InboundDossierDelivered')).toHaveLength(1);
    // Delivered to the centre is not a result in the citizen's hands.
    const dossier = await dossierOf(code);
    expect(dossier.status).toBe(receivedStatus);
    expect(dossier.returnedAt ?? null).toBeNull();
  });
});

describe('a package returned to the sender', SLOW, () => {
  it('ends returned_to_sender, flags the dossier for the counter once, and leaves it resolved', async () => {
    const code = await resolvedWith(806, 'returned');
    const id = `SHP-${code}-R`;
    const shipment = await settledShipment(id, (s) => s.status === 'returned_to_sender');
    expect(shipment).toMatchObject({ status: 'returned_to_sender', failureAnnounced: true, deliveredAt: null });

    const failed = (await outboxOf(id)).filter((event) => event.type === 'ShipmentDeliveryFailed');
    expect(failed).toHaveLength(1);
    // Announced once, for whichever came first as the updates were applied (they arrive shuffled):
    // the return itself, or the third failed attempt before it.
    const arrival: { status: string | null; attempt?: number }[] = shipment.updates;
    const returnedAt = arrival.findIndex((update) => update.status === 'returned_to_sender');
    const failedAttempts = new Set<number | undefined>();
    const thirdFailureAt = arrival.findIndex((update) => update.status === 'delivery_failed' && failedAttempts.add(update.attempt).size === 3);
    const reason = thirdFailureAt >= 0 && thirdFailureAt < returnedAt ? 'repeated_failures' : 'returned_to_sender';
    expect(failed[0]).toMatchObject({ data: { shipmentId: id, reason } });
    expect(await dossierOf(code)).toMatchObject({ status: 'resolved' });
  });
});

describe('the stuck sweep', SLOW, () => {
  it('flags a shipment silent for 73 hours once, and not again on the next run', async () => {
    const code = await resolvedWith(807, 'silent');
    const id = `SHP-${code}-R`;
    await settledShipment(id, (s) => s.status === 'accepted');

    // As if everything had happened 73 hours ago: when it was recorded, when each update came.
    const table = system.info.outputs['Motcua-Data.PostalShipmentsTableName']!;
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: `shipment#${id}` }, ConsistentRead: true }));
    const back = (at: string) => new Date(new Date(at).getTime() - 73 * 3_600_000).toISOString();
    const updates = (Item!.updates as { receivedAt: string }[]).map((update) => ({ ...update, receivedAt: back(update.receivedAt) }));
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...Item, createdAt: back(Item!.createdAt), requestedAt: back(Item!.requestedAt), updates, lastHeardAt: back(Item!.lastHeardAt), quietSince: back(Item!.quietSince) },
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': Item!.version },
      }),
    );

    await runScheduled('SweepStuckShipments');
    const stuck = (await outboxOf(id)).filter((event) => event.type === 'ShipmentStuck');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ data: { shipmentId: id, status: 'accepted', silentSince: back(Item!.lastHeardAt) } });
    expect((await shipmentOf(id)).stuck).toMatchObject({ silentSince: back(Item!.lastHeardAt) });

    await runScheduled('SweepStuckShipments');
    expect((await outboxOf(id)).filter((event) => event.type === 'ShipmentStuck')).toHaveLength(1);
  });
});

describe('officers', SLOW, () => {
  it("keeps another agency's officers from a shipment, and records the hand-over minutes of it once", async () => {
    const code = await resolvedWith(808, 'silent');
    const id = `SHP-${code}-R`;
    const shipment = await settledShipment(id, (s) => s.creation === 'created' && s.status === 'accepted');

    const other = await system.api('GET', `/postal/shipments/${id}`, undefined, otherToken);
    expect(other.status).toBe(404);
    const otherList = await system.api('GET', `/postal/shipments?dossierCode=${code}`, undefined, otherToken);
    expect(otherList).toMatchObject({ status: 200, body: { dossierCode: code, shipments: [] } });

    const request = { partner: 'demo-webhook', shipmentIds: [id], partnerStaff: { fullName: 'Trần Thị Bưu', staffId: 'BC-0042' } };
    const created = await system.api('POST', '/postal/handovers', request, token);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const handoverId = created.body.handoverId as string;
    expect(created.body.shipments).toEqual([expect.objectContaining({ shipmentId: id, dossierCode: code, trackingNumber: shipment.partner.trackingNumber })]);

    const page = await fetch(`${system.info.url}/postal/handovers/${handoverId}?format=html`, { headers: { authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(code);
    expect(html).toContain(shipment.partner.trackingNumber);
    expect((await shipmentOf(id)).handoverId).toBe(handoverId);
    expect((await system.api('GET', `/postal/handovers/${handoverId}`, undefined, otherToken)).status).toBe(404);

    const again = await system.api('POST', '/postal/handovers', request, token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_HANDED_OVER' });
  });

  it('answers an id no shipment could have with 404, even one longer than a DynamoDB key may be', async () => {
    for (const id of ['x'.repeat(3000), 'a%20b', '__proto__']) {
      const read = await system.api('GET', `/postal/shipments/${id}`, undefined, token);
      expect(read, id.slice(0, 20)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      const confirmed = await system.api('POST', `/postal/shipments/${id}/received`, undefined, token);
      expect(confirmed, id.slice(0, 20)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
  });
});
