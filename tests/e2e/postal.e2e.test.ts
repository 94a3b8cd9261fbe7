import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../support/local-system.ts';
import { eventually, POSTAL_ADDRESS, resolvedDossier } from '../support/postal.ts';

/**
 * The postal service on the local runtime, with the partner simulator playing the carrier: a
 * result sent by post goes from resolved to returned through signed partner updates that arrive
 * duplicated, out of order and with a stale one, and the dossier is returned as of the delivery.
 */

let system: LocalSystem;
let dataDir: string;
let token: string;

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

describe('postal on the local runtime', () => {
  it('ships a postal return when it is resolved and returns the dossier as of the delivery the partner reported', async () => {
    const code = await resolvedDossier(system, token, 801, { resultDelivery: { method: 'postal', address: POSTAL_ADDRESS } });
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
