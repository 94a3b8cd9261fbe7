import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { busMessage } from '../../libs/events/bus.ts';
import type { PostalEvent } from '../../libs/events/postal.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

let system: LocalSystem;
let dataDir: string;
let sns: SNSClient;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-bus-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  sns = new SNSClient({ endpoint: system.info.sqsEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  token = await system.issuer.mint({ agency: 'H38.22' });
});

afterAll(async () => {
  sns?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A dossier whose result goes by post, resolved: what postal would ship. */
async function resolvedForPost(i: number): Promise<string> {
  const received = await system.api('POST', '/dossiers', householdBusiness(i, { resultDelivery: { method: 'postal', address: { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' } } }), token);
  expect(received.status).toBe(201);
  for (const type of ['startProcessing', 'resolve']) {
    expect((await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, token)).status).toBe(200);
  }
  return received.body.code;
}

/** What the postal service publishes when the partner reports the result delivered. */
function delivered(code: string, occurredAt: Date): PostalEvent {
  return {
    eventId: randomUUID(),
    type: 'ShipmentDelivered',
    version: 1,
    occurredAt: occurredAt.toISOString(),
    sequence: 3,
    dossierCode: code,
    agencyCode: 'H38.22',
    procedureCode: '1.001612',
    actor: { kind: 'system', id: 'postal' },
    data: { shipmentId: `SHP-${code}`, partner: 'vnpost', recipientName: 'Nguyễn Văn An' },
  };
}

async function publish(event: PostalEvent): Promise<void> {
  const message = busMessage(event);
  await sns.send(new PublishCommand({ TopicArn: system.info.outputs['Motcua-Data.EventBusTopicArn'], Message: message.body, MessageAttributes: message.attributes }));
}

async function dossierOnceSettled(code: string, until: (body: any) => boolean): Promise<any> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await system.api('GET', `/dossiers/${code}`, undefined, token);
    if (until(body) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('intake consuming the bus', () => {
  it('returns a dossier by post when postal reports the delivery, as of the delivery, once however often it is told', async () => {
    const code = await resolvedForPost(401);
    // Delivered after the resolution, reported a little later: the dossier is returned as of the delivery.
    const deliveredAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const event = delivered(code, deliveredAt);
    await publish(event);
    const returned = await dossierOnceSettled(code, (body) => body.status === 'returned');
    expect(returned).toMatchObject({ status: 'returned', statusCode: 10, returnedAt: deliveredAt.toISOString() });

    // The same event again (SNS and SQS deliver at least once), and a replay of it later: nothing changes.
    await publish(event);
    await publish(event);
    const announced = await system.drainEvents('reporting', (events) => events.some((e) => e.dossierCode === code && e.type === 'DossierResultReturned'));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await system.api('GET', `/dossiers/${code}`, undefined, token);
    expect(after.body.history.filter((entry: { type: string }) => entry.type === 'DossierResultReturned')).toHaveLength(1);
    const returnEvent = announced.find((e) => e.dossierCode === code && e.type === 'DossierResultReturned')!;
    expect(returnEvent).toMatchObject({ actor: { kind: 'system', id: 'postal' }, data: { method: 'postal', deliveredAt: deliveredAt.toISOString() } });
    expect(JSON.stringify(returnEvent)).not.toContain('Nguyễn Văn An');
  });

  it('parks a delivery it cannot apply in the DLQ instead of blocking the queue, and goes on with the next', async () => {
    const atCounter = await system.api('POST', '/dossiers', householdBusiness(402), token);
    await publish(delivered(atCounter.body.code, new Date())); // its result is not returned by post
    const code = await resolvedForPost(403);
    await publish(delivered(code, new Date()));
    expect((await dossierOnceSettled(code, (body) => body.status === 'returned')).status).toBe('returned');
    expect((await system.api('GET', `/dossiers/${atCounter.body.code}`, undefined, token)).body.status).toBe('accepted');
  });
});
