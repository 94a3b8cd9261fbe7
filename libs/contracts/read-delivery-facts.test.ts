import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_FACTS_FUNCTION_VARIABLE, type DeliveryFacts } from './intake-delivery.ts';
import { DeliveryFactsFailed, readDeliveryFacts } from './read-delivery-facts.ts';

const FACTS: DeliveryFacts = {
  found: true,
  dossierCode: 'H38.22-261120-0031',
  agencyCode: 'H38.22',
  applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' },
  resultDelivery: { method: 'postal', address: { line: 'Số 12 đường Lê Lợi', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' } },
  collectOnDeliveryVnd: 0,
  centre: { name: 'Ủy ban nhân dân thành phố Lâm Giang', address: null },
};

/** What the stand-in for Lambda answers next, and what it was asked. */
let answer: { headers?: Record<string, string>; body: unknown };
const asked: { path: string; body: unknown }[] = [];
let server: Server;
let client: LambdaClient;

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    asked.push({ path: decodeURIComponent(req.url ?? ''), body: await bodyOf(req) });
    res.writeHead(200, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new LambdaClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});
afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  asked.length = 0;
  process.env[DELIVERY_FACTS_FUNCTION_VARIABLE] = 'Motcua-Api-IntakeReadDeliveryFacts';
});
afterEach(() => {
  delete process.env[DELIVERY_FACTS_FUNCTION_VARIABLE];
});

describe('readDeliveryFacts', () => {
  it('invokes the bound function with the request and gives its answer, parsed with the contract', async () => {
    answer = { body: FACTS };
    await expect(readDeliveryFacts({ dossierCode: FACTS.dossierCode, purpose: 'result-shipment' }, client)).resolves.toEqual(FACTS);
    expect(asked).toEqual([{ path: '/2015-03-31/functions/Motcua-Api-IntakeReadDeliveryFacts/invocations', body: { dossierCode: FACTS.dossierCode, purpose: 'result-shipment' } }]);
  });

  it('gives a dossier intake does not know as found: false', async () => {
    answer = { body: { found: false, dossierCode: 'H38.22-261120-9999' } };
    await expect(readDeliveryFacts({ dossierCode: 'H38.22-261120-9999', purpose: 'survey' }, client)).resolves.toEqual({ found: false, dossierCode: 'H38.22-261120-9999' });
  });

  it('throws when the function failed, naming its error, so that the message is retried', async () => {
    answer = { headers: { 'x-amz-function-error': 'Unhandled' }, body: { errorType: 'Error', errorMessage: 'the receiving agency H38.99 is not in the catalog', trace: [] } };
    const failure = readDeliveryFacts({ dossierCode: FACTS.dossierCode, purpose: 'inbound-pickup' }, client);
    await expect(failure).rejects.toBeInstanceOf(DeliveryFactsFailed);
    await expect(failure).rejects.toThrow(/Error: the receiving agency H38\.99 is not in the catalog/);
  });

  it('throws on an answer that breaks the contract', async () => {
    answer = { body: { ...FACTS, applicant: { ...FACTS.applicant, idNumber: '001099012345' } } };
    await expect(readDeliveryFacts({ dossierCode: FACTS.dossierCode, purpose: 'result-shipment' }, client)).rejects.toThrow();
  });

  it('refuses a request the contract refuses, before invoking anything', async () => {
    await expect(readDeliveryFacts({ dossierCode: FACTS.dossierCode, purpose: 'marketing' as 'survey' }, client)).rejects.toThrow();
    expect(asked).toEqual([]);
  });

  it('says plainly that a caller was not bound to the function', async () => {
    delete process.env[DELIVERY_FACTS_FUNCTION_VARIABLE];
    await expect(readDeliveryFacts({ dossierCode: FACTS.dossierCode, purpose: 'survey' }, client)).rejects.toThrow(/INTAKE_DELIVERY_FACTS_FUNCTION is not set/);
  });
});
