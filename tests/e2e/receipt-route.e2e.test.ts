/** GET /dossiers/{code}/receipt end to end, through the local API and its JWT authorizer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOOKUP_BASE_URL_VARIABLE } from '../../services/intake/domain/receipt-page.ts';
import { householdBusiness, startLocalSystem, type LocalSystem } from '../support/local-system.ts';


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
  // Nothing on the page may run, load or be framed elsewhere.
  expect(headers['content-security-policy']).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(body).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
  expect(body).toContain(`Mã hồ sơ: <strong>${code}</strong>`);
  expect(body).toContain(ESCAPED_NAME);
  expect(body).not.toContain(TRICKY_NAME);
  expect(body).toContain(`/${encodeURIComponent(code)}"`);
  expect(body).toMatch(/<figure class="qr" id="lookup-qr"[^>]*><svg/);
}

describe('GET /dossiers/{code}/receipt through the local API', () => {
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
