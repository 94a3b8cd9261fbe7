import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGED_TOKENS, officerToken, type TokenIssuer } from '../../tests/support/officer-tokens.ts';
import { DomainError } from './errors.ts';
import { httpStatusOf } from './http.ts';
import type { HttpEvent } from './http.ts';
import { officerOf, verifiedOfficer } from './auth.ts';

let by: TokenIssuer;
let server: Server;

/** A Cognito stand-in: one published key, the JWKS at the issuer's well-known URL. */
beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = 'key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } satisfies JWK] };
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/pool/.well-known/jwks.json' ? JSON.stringify(jwks) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  by = { key: privateKey, kid, issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool`, audience: 'officers-app' };
  process.env.OFFICER_ISSUER = by.issuer;
  process.env.OFFICER_AUDIENCE = by.audience;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function refusal(authorization: string): Promise<DomainError> {
  const error = await verifiedOfficer(authorization).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('an officer token on a public route', () => {
  it('accepts an ID token signed by the published key, naming it, with an expiry', async () => {
    expect(await verifiedOfficer(`Bearer ${await officerToken(by)}`)).toEqual({ id: 'officer-1', agency: 'H38.22' });
  });

  it.each([...FORGED_TOKENS, ['no custom:agency', (issuer: TokenIssuer) => officerToken(issuer, { claims: { 'custom:agency': undefined } })] as const])(
    'refuses a token with %s: 401 UNAUTHORIZED',
    async (_, make) => {
      const error = await refusal(`Bearer ${await make(by)}`);
      expect(httpStatusOf(error)).toBe(401);
      expect(error.code).toBe('UNAUTHORIZED');
    },
  );

  it('refuses no token at all', async () => {
    expect(httpStatusOf(await refusal(''))).toBe(401);
  });
});

describe('the officer behind the API Gateway authorizer', () => {
  const event = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims } } } }) as unknown as HttpEvent;
  const claims = { sub: 'officer-1', 'custom:agency': 'H38.22', token_use: 'id' };

  it('is read from the verified claims of an ID token', () => {
    expect(officerOf(event(claims))).toEqual({ id: 'officer-1', agency: 'H38.22' });
  });

  it.each([
    ['an access token (the authorizer accepts its client_id as audience)', { ...claims, token_use: 'access' }],
    ['no token_use', { sub: 'officer-1', 'custom:agency': 'H38.22' }],
    ['no agency', { sub: 'officer-1', token_use: 'id' }],
  ])('is refused for %s', (_, changed) => {
    expect(() => officerOf(event(changed as Record<string, string>))).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });
});
