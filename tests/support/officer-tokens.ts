import { readFileSync } from 'node:fs';
import { SignJWT, generateKeyPair, importJWK, type JWTPayload } from 'jose';
import type { DevIssuer, IssuerFile } from '../../infra/local/dev-issuer.ts';

export type SigningKey = Parameters<SignJWT['sign']>[0];

/** Who signs and for whom: the issuer's key and the kid it publishes it under. */
export interface TokenIssuer {
  readonly key: SigningKey;
  readonly kid: string;
  readonly issuer: string;
  readonly audience: string;
}

/** Signs as the local system's dev issuer does, with the key in its file (start the system first). */
export async function devIssuerSigner(issuer: DevIssuer): Promise<TokenIssuer> {
  const state = JSON.parse(readFileSync(issuer.file, 'utf8')) as IssuerFile;
  return { key: await importJWK(state.privateJwk, 'ES256'), kid: state.publicJwk.kid!, issuer: state.issuer, audience: state.audiences[0]! };
}

export interface TokenChanges {
  /** Claims to add, or to remove with `undefined`. */
  readonly claims?: JWTPayload;
  readonly header?: { kid?: string | undefined };
  /** jose's span, e.g. "1h" or "-1m"; null for no `exp` at all. */
  readonly exp?: string | null;
  readonly key?: SigningKey;
}

/** A Cognito-like ID token for officer-1 of H38.22, with whatever a case changes. */
export function officerToken(by: TokenIssuer, { claims = {}, header = {}, exp = '1h', key = by.key }: TokenChanges = {}): Promise<string> {
  const jwt = new SignJWT({ token_use: 'id', 'custom:agency': 'H38.22', iss: by.issuer, aud: by.audience, sub: 'officer-1', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: by.kid, ...header })
    .setIssuedAt();
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(key);
}

/** The same claims under `alg: none`, with no signature. */
export function unsignedToken(by: TokenIssuer): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { token_use: 'id', 'custom:agency': 'H38.22', sub: 'officer-1', iss: by.issuer, aud: by.audience, iat: now, exp: now + 3600 };
  return `${part({ alg: 'none', kid: by.kid })}.${part(claims)}.`;
}

/** Tokens an officer route must refuse: what is wrong with each, and how to make it. */
export const FORGED_TOKENS: [string, (by: TokenIssuer) => Promise<string> | string][] = [
  ['no expiry', (by) => officerToken(by, { exp: null })],
  ['an expiry passed', (by) => officerToken(by, { exp: '-1m' })],
  ['an access token', (by) => officerToken(by, { claims: { token_use: 'access' } })],
  ['no token_use', (by) => officerToken(by, { claims: { token_use: undefined } })],
  ['no kid', (by) => officerToken(by, { header: { kid: undefined } })],
  ['a kid the issuer does not publish', (by) => officerToken(by, { header: { kid: `${by.kid}-other` } })],
  ['the published kid on another key', async (by) => officerToken(by, { key: (await generateKeyPair('ES256')).privateKey })],
  ['alg none', unsignedToken],
  ['another audience', (by) => officerToken(by, { claims: { aud: 'someone-else' } })],
  ['another issuer', (by) => officerToken(by, { claims: { iss: 'https://evil.example' } })],
  ['no subject', (by) => officerToken(by, { claims: { sub: undefined } })],
  ['garbage', () => 'not.a.token'],
];
