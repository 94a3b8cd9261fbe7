import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DELIVERY_FACTS_FUNCTION_VARIABLE, DeliveryFactsAnswer } from '../../libs/contracts/intake-delivery.ts';
import { readDeliveryFacts } from '../../libs/contracts/read-delivery-facts.ts';
import agencies from '../../services/intake/data/agencies.json' with { type: 'json' };
import { recordDeliveries } from '../support/deliveries.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

/**
 * Intake's ReadDeliveryFacts on the local runtime, as postal will invoke it: through the AWS SDK's
 * Lambda client at the runtime's Invoke endpoint, a loopback port apart from the public API.
 */

let system: LocalSystem;
let dataDir: string;
let token: string;
let lambda: LambdaClient;
let functionName: string;
const functionLogs: string[] = [];

const DISTRICT = agencies.find((agency) => agency.code === 'H38.22')!;
const DELIVERY_ADDRESS = { line: 'Số 12 đường Lê Lợi, tổ dân phố 4', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' };
const PICKUP_ADDRESS = { line: 'Thôn 3', commune: 'Xã Lâm Thượng', province: 'Tỉnh Hòa Lâm' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-facts-'));
  const logs = new PassThrough().on('data', (chunk: Buffer) => functionLogs.push(chunk.toString('utf8')));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true, functionLogs: logs });
  token = await system.issuer.mint({ agency: 'H38.22' });
  lambda = new LambdaClient({ endpoint: system.info.lambdaEndpoint, region: system.info.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  functionName = Object.entries(system.info.functions).find(([key]) => key.includes('IntakeReadDeliveryFacts'))![1];
});

afterAll(async () => {
  lambda?.destroy();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function invoke(payload: unknown, name = functionName) {
  const response = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
  return { statusCode: response.StatusCode, functionError: response.FunctionError, body: JSON.parse(new TextDecoder().decode(response.Payload)) as unknown };
}

async function filed(i: number, overrides: Record<string, unknown>): Promise<string> {
  const response = await system.api('POST', '/dossiers', householdBusiness(i, overrides), token);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.code as string;
}

describe('ReadDeliveryFacts on the local runtime', () => {
  it('answers the facts of a postal return: the applicant, the structured address, the fees collected, the receiving counter', async () => {
    const code = await filed(1, { resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS, collectOnDeliveryVnd: 30_000 } });
    const answer = await invoke({ dossierCode: code, purpose: 'result-shipment' });
    expect(answer.functionError).toBeUndefined();
    expect(answer.body).toEqual({
      found: true,
      dossierCode: code,
      agencyCode: 'H38.22',
      applicant: { fullName: 'Nguyễn Văn 1', phone: '0912300001' },
      resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS },
      collectOnDeliveryVnd: 30_000,
      centre: { name: DISTRICT.name, address: DISTRICT.address },
    });
    expect(DeliveryFactsAnswer.safeParse(answer.body).success).toBe(true);
  });

  it('answers where the partner collects a dossier filed by post, by the function ARN too', async () => {
    const code = await filed(2, { channel: 'postal', pickupAddress: PICKUP_ADDRESS });
    const arn = `arn:aws:lambda:${system.info.region}:000000000000:function:${functionName}`;
    const answer = await invoke({ dossierCode: code, purpose: 'inbound-pickup' }, arn);
    expect(answer.body).toMatchObject({ found: true, pickupAddress: PICKUP_ADDRESS, resultDelivery: { method: 'counter' }, collectOnDeliveryVnd: 0, centre: { address: DISTRICT.address } });
  });

  it('answers found: false for a code intake never issued', async () => {
    expect((await invoke({ dossierCode: 'H38.22-261120-9999', purpose: 'survey' })).body).toEqual({ found: false, dossierCode: 'H38.22-261120-9999' });
  });

  it('logs each read with its purpose and dossier code, and none of the facts', () => {
    const reads = functionLogs.join('').split('\n').filter((line) => line.includes('delivery facts read'));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.some((line) => line.includes('"purpose":"inbound-pickup"'))).toBe(true);
    for (const fact of ['Nguyễn Văn', '0912300001', 'Lê Lợi', 'Lâm Thượng']) expect(reads.join('\n')).not.toContain(fact);
  });

  it('gives a malformed request back as the function error, as Lambda does: 200 with X-Amz-Function-Error', async () => {
    const answer = await invoke({ dossierCode: 'H38.22-261120-0001', purpose: 'marketing' });
    expect(answer.statusCode).toBe(200);
    expect(answer.functionError).toBe('Unhandled');
    expect(answer.body).toMatchObject({ errorType: 'MalformedRequest', errorMessage: expect.stringContaining('purpose') });
  });

  it('reads through the callers\' client, bound by the variable bindFunction sets', async () => {
    const code = await filed(3, { resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS } });
    process.env[DELIVERY_FACTS_FUNCTION_VARIABLE] = functionName;
    try {
      const facts = await readDeliveryFacts({ dossierCode: code, purpose: 'result-shipment' }, lambda);
      expect(facts).toMatchObject({ found: true, collectOnDeliveryVnd: 0, resultDelivery: { address: DELIVERY_ADDRESS } });
    } finally {
      delete process.env[DELIVERY_FACTS_FUNCTION_VARIABLE];
    }
  });

  it('knows no other function by a wrong name, and is not reachable through the public API', async () => {
    await expect(invoke({}, 'Motcua-Api-NoSuchFunction')).rejects.toBeInstanceOf(ResourceNotFoundException);
    const viaApi = await fetch(`${system.info.url}/2015-03-31/functions/${functionName}/invocations`, { method: 'POST', body: '{}' });
    expect(viaApi.status).toBe(404);
  });

  it('announces a resolved postal return with its delivery method, so postal knows to ship it without a read', async () => {
    // What postal's consumer is handed from its queue (it empties the queue itself).
    const postal = recordDeliveries(system, 'postal');
    const code = await filed(4, { resultDelivery: { method: 'postal', address: DELIVERY_ADDRESS } });
    for (const type of ['startProcessing', 'resolve']) expect((await system.api('POST', `/dossiers/${code}/actions`, { type }, token)).status).toBe(200);
    const events = await postal.wait((seen) => seen.some((event) => event.dossierCode === code && event.type === 'DossierResolved'));
    postal.stop();
    expect(events.find((event) => event.dossierCode === code && event.type === 'DossierResolved')).toMatchObject({ data: { resultDelivery: 'postal' } });
  });
});
