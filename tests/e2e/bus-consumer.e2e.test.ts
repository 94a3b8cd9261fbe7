import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { busMessage } from '../../libs/events/bus.ts';
import type { PostalEvent } from '../../libs/events/postal.ts';
import type { ScenarioName } from '../../services/postal/simulator/scenarios.ts';
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

const ADDRESS = { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' };

/**
 * A dossier whose result goes by post, resolved: what postal would ship. Postal does ship it, to
 * the local partner simulator; `scenario` chooses what the simulator reports for it (`silent`:
 * nothing, so that only the events a test publishes itself reach the dossier).
 */
async function resolvedForPost(i: number, scenario?: ScenarioName): Promise<string> {
  const received = await system.api('POST', '/dossiers', householdBusiness(i, { resultDelivery: { method: 'postal', address: ADDRESS } }), token);
  expect(received.status).toBe(201);
  if (scenario) system.runtime.postalSimulator.chooseScenario({ dossierCode: received.body.code, scenario });
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

/** What the postal service publishes when the partner failed to deliver the result three times. */
function deliveryFailed(code: string, occurredAt: Date): PostalEvent {
  return {
    ...delivered(code, occurredAt),
    type: 'ShipmentDeliveryFailed',
    data: { shipmentId: `SHP-${code}`, partner: 'vnpost', reason: 'repeated_failures', failedAttempts: 3 },
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

describe('intake consuming postal failures', () => {
  const sameRedirection = (entries: { type: string }[]) => entries.filter((entry) => entry.type === 'DossierResultRedirected');

  it('redirects a result the post could not deliver to the counter, once however often it is told; an officer then hands it over there', async () => {
    const code = await resolvedForPost(404, 'silent');
    const failedAt = new Date();
    const event = deliveryFailed(code, failedAt);
    await publish(event);
    await publish(event);
    const redirected = await dossierOnceSettled(code, (body) => body.resultDelivery.method === 'counter');
    expect(redirected).toMatchObject({
      status: 'resolved',
      allowedActions: ['returnResult'],
      resultDelivery: { method: 'counter', address: ADDRESS, redirection: { from: 'postal', reason: 'repeated_failures', failedAttempts: 3, at: failedAt.toISOString() } },
    });

    // Told again later (a replay): nothing changes, and it was announced once.
    await publish(event);
    const announced = await system.drainEvents('reporting', (events) => events.some((e) => e.dossierCode === code && e.type === 'DossierResultRedirected'));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await system.api('GET', `/dossiers/${code}`, undefined, token);
    expect(sameRedirection(after.body.history)).toHaveLength(1);
    expect(after.body.version).toBe(redirected.version);
    expect(announced.find((e) => e.dossierCode === code && e.type === 'DossierResultRedirected')).toMatchObject({
      actor: { kind: 'system', id: 'postal' },
      data: { status: 'resolved', from: 'postal', to: 'counter', reason: 'repeated_failures', failedAttempts: 3, failedAt: failedAt.toISOString() },
    });

    // The citizen's lookup says, in Vietnamese, to come to the counter.
    const lookup = await system.api('GET', `/dossiers/${code}?phone4=0404`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.resultDelivery).toEqual({
      method: 'counter',
      redirection: { from: 'postal', reason: 'repeated_failures', failedAttempts: 3, at: failedAt.toISOString(), notice: expect.stringContaining('tại Bộ phận Một cửa') },
    });

    const handedOver = await system.api('POST', `/dossiers/${code}/actions`, { type: 'returnResult' }, token);
    expect(handedOver.status).toBe(200);
    expect(handedOver.body).toMatchObject({ status: 'returned', resultDelivery: { method: 'counter', redirection: { from: 'postal' } } });
    expect(handedOver.body.history.at(-1)).toMatchObject({ type: 'DossierResultReturned', actor: { kind: 'officer' }, data: { method: 'counter' } });
    expect((await system.api('GET', `/dossiers/${code}?phone4=0404`)).body.resultDelivery.redirection).not.toHaveProperty('notice');

    // A failure reported after the result was handed over changes nothing either.
    await publish(deliveryFailed(code, new Date()));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await system.api('GET', `/dossiers/${code}`, undefined, token)).body.version).toBe(handedOver.body.version);
  });

  it('redirects it when the partner really fails: the simulator fails three times and sends the package back', async () => {
    const code = await resolvedForPost(405, 'returned');
    const redirected = await dossierOnceSettled(code, (body) => body.resultDelivery.method === 'counter');
    expect(redirected).toMatchObject({ status: 'resolved', resultDelivery: { method: 'counter', address: ADDRESS, redirection: { from: 'postal', failedAttempts: 3 } } });
    expect(['repeated_failures', 'returned_to_sender']).toContain(redirected.resultDelivery.redirection.reason);
    await system.runtime.postalSimulator.settled();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sameRedirection((await system.api('GET', `/dossiers/${code}`, undefined, token)).body.history)).toHaveLength(1);
  });
});
