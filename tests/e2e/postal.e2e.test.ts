import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * The postal service on the local runtime, with the partner simulator playing the carrier: a
 * result sent by post goes from resolved to returned through signed partner updates that arrive
 * duplicated, out of order and with a stale one, and the dossier is returned as of the delivery.
 */

let system: LocalSystem;
let dataDir: string;
let token: string;

const ADDRESS = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tỉnh Hòa Lâm' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-postal-'));
  system = await startLocalSystem({
    assemblyDir: inject('assemblyDir'),
    dataDir,
    inMemory: true,
    postalSimulator: { stepMs: 150, duplicates: 0.5, reorder: true, stale: true },
  });
  token = await system.issuer.mint({ agency: 'H38.22' });
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function resolved(i: number, overrides: Record<string, unknown>): Promise<string> {
  const received = await system.api('POST', '/dossiers', householdBusiness(i, overrides), token);
  expect(received.status, JSON.stringify(received.body)).toBe(201);
  for (const type of ['startProcessing', 'resolve']) {
    const acted = await system.api('POST', `/dossiers/${received.body.code}/actions`, { type }, token);
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  }
  return received.body.code;
}

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('postal on the local runtime', () => {
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
