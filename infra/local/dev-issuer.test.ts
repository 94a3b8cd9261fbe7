import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGED_TOKENS, devIssuerSigner, officerToken, type TokenIssuer } from '../../tests/support/officer-tokens.ts';
import { DevIssuer } from './dev-issuer.ts';

let dataDir: string;
let issuer: DevIssuer;
let by: TokenIssuer;
const AUDIENCES = ['local-client'];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-issuer-'));
  issuer = await DevIssuer.open(dataDir);
  issuer.configure('http://127.0.0.1:3999/local-issuer', AUDIENCES);
  by = await devIssuerSigner(issuer);
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The local stand-in for API Gateway's JWT authorizer on officer routes. */
describe('the dev issuer verifying an officer token', () => {
  it('accepts what it mints (`npm run token`)', async () => {
    const payload = await issuer.verify(await issuer.mint({ agency: 'H38.22' }), AUDIENCES);
    expect(payload).toMatchObject({ token_use: 'id', 'custom:agency': 'H38.22', exp: expect.any(Number) });
  });

  it('accepts a token signed by its key, naming it', async () => {
    expect(await issuer.verify(await officerToken(by), AUDIENCES)).toMatchObject({ sub: 'officer-1' });
  });

  it.each(FORGED_TOKENS)('refuses a token with %s', async (_, make) => {
    await expect(issuer.verify(await make(by), AUDIENCES)).rejects.toThrow();
  });
});
