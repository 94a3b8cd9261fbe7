/**
 * GET /dossiers/{code}/receipt end to end. The HTTP half runs once infra/ serves the route
 * (it reads the synthesized assembly, as the local runtime does); until then the handler
 * itself is run in this process against the local system's tables, which proves the same
 * answers without the API in front.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { readAssembly } from '../../infra/local/assembly.ts';
import type { HttpEvent, HttpResult } from '../../libs/platform/http.ts';
import { LOOKUP_BASE_URL_VARIABLE } from '../../services/intake/domain/receipt-page.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';

const RECEIPT_ROUTE = 'GET /dossiers/{code}/receipt';
const routeServed = readAssembly(inject('assemblyDir')).routes.some((route) => route.routeKey === RECEIPT_ROUTE);

/** A name a page must show as text, never as markup. */
const TRICKY_NAME = `Lê "Bé" <Tí> & Tèo's`;
const ESCAPED_NAME = 'Lê &quot;Bé&quot; &lt;Tí&gt; &amp; Tèo&#39;s';
const UNKNOWN_CODE = 'H38.22-250714-9999';

let system: LocalSystem;
let dataDir: string;
let officer: string;
let otherOfficer: string;
let code: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-e2e-receipt-'));
  system = await startLocalSystem({ assemblyDir: inject('assemblyDir'), dataDir, inMemory: true });
  officer = await system.issuer.mint({ agency: 'H38.22', sub: 'officer-a' });
  otherOfficer = await system.issuer.mint({ agency: 'H38.23', sub: 'officer-b' });
  const received = await system.api('POST', '/dossiers', householdBusiness(1, { applicant: { fullName: TRICKY_NAME, idNumber: '038201000001', phone: '0912300001' } }), officer);
  expect(received.status).toBe(201);
  code = received.body.code;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function expectReceiptPage(status: number, headers: Record<string, string | undefined>, body: string): void {
  expect(status).toBe(200);
  expect(headers['content-type']).toBe('text/html; charset=utf-8');
  expect(headers['cache-control']).toBe('no-store');
  expect(body).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
  expect(body).toContain(`Mã hồ sơ: <strong>${code}</strong>`);
  expect(body).toContain(ESCAPED_NAME);
  expect(body).not.toContain(TRICKY_NAME);
  expect(body).toContain(`/${encodeURIComponent(code)}"`);
  expect(body).toMatch(/<figure class="qr" id="lookup-qr"[^>]*><svg/);
}

describe('the receipt handler, run in this process against the local tables', () => {
  const LOOKUP_BASE = 'https://dichvucong.hoalam.gov.vn/tra-cuu';
  let handler: (event: HttpEvent, context: Context) => Promise<HttpResult>;
  const context = { functionName: 'GetReceipt', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
  const call = (code: string, agency: string) =>
    handler(
      { pathParameters: { code }, headers: {}, requestContext: { authorizer: { jwt: { claims: { sub: 'officer', 'custom:agency': agency } } } } } as unknown as HttpEvent,
      context,
    );

  beforeAll(async () => {
    const { info } = system;
    const tableNamed = (name: string) => Object.entries(info.tables).find(([key]) => key.split('/')[1]!.startsWith(name))![1];
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', info.dynamodbEndpoint);
    vi.stubEnv('AWS_REGION', info.region);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('CATALOG_TABLE', info.outputs['Motcua-Data.CatalogTableName']!);
    vi.stubEnv('HISTORY_TABLE', info.outputs['Motcua-Data.HistoryTableName']!);
    vi.stubEnv('DOSSIERS_TABLE', tableNamed('DossiersTable'));
    vi.stubEnv(LOOKUP_BASE_URL_VARIABLE, LOOKUP_BASE);
    // The adapters read their environment when the module loads, as in a Lambda cold start.
    ({ handler } = await import('../../services/intake/handlers/get-receipt.ts'));
  });

  it('answers the officer of the receiving agency with the printable page', async () => {
    const response = await call(code, 'H38.22');
    expectReceiptPage(response.statusCode!, response.headers as Record<string, string>, response.body!);
    expect(response.body).toContain(`href="${LOOKUP_BASE}/${code}"`);
  });

  it('answers 403 to an officer of another agency, and 404 for a code nobody issued', async () => {
    const forbidden = await call(code, 'H38.23');
    expect(forbidden.statusCode).toBe(403);
    expect(JSON.parse(forbidden.body!).code).toBe('FORBIDDEN');
    const missing = await call(UNKNOWN_CODE, 'H38.22');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers!['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(missing.body!)).toMatchObject({ code: 'NOT_FOUND', details: { code: UNKNOWN_CODE } });
  });
});

describe.skipIf(!routeServed)(`${RECEIPT_ROUTE} through the local API`, () => {
  const get = async (code: string, token?: string) => {
    const response = await fetch(`${system.info.url}/dossiers/${encodeURIComponent(code)}/receipt`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };

  it('answers the officer of the agency with the printable page', async () => {
    const { status, headers, body } = await get(code, officer);
    expectReceiptPage(status, headers, body);
  });

  it('answers 401 without a token, 403 to another agency, 404 for an unknown code, each as JSON', async () => {
    expect((await get(code)).status).toBe(401);
    const forbidden = await get(code, otherOfficer);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body).code).toBe('FORBIDDEN');
    const missing = await get(UNKNOWN_CODE, officer);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).code).toBe('NOT_FOUND');
  });
});
