import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError, forbidden, unauthorized } from './errors.ts';
import type { HttpEvent } from './http.ts';

/** The variables that carry the officers' token issuer and audience to a function that verifies tokens itself. */
export const OFFICER_ENV = { issuer: 'OFFICER_ISSUER', audience: 'OFFICER_AUDIENCE' } as const;

export interface Officer {
  readonly id: string;
  readonly agency: string;
}

/**
 * Only Cognito ID tokens carry the officer's `custom:agency`; an access token from the same
 * pool has a `client_id` that API Gateway's authorizer accepts as the audience, so the use
 * is checked wherever claims are read.
 */
function officerFromClaims(claims: Record<string, unknown> | undefined): Officer {
  const agency = claims?.['custom:agency'];
  const id = claims?.sub;
  if (claims?.token_use !== 'id' || typeof agency !== 'string' || !agency || typeof id !== 'string') throw unauthorized();
  return { id, agency };
}

/** The officer API Gateway's JWT authorizer already verified (signature, issuer, audience, expiry). */
export function officerOf(event: HttpEvent): Officer {
  return officerFromClaims(event.requestContext.authorizer?.jwt?.claims);
}

/**
 * What an officer's token must be wherever it is checked (here, and by the local runtime's
 * stand-in for the JWT authorizer): signed by a key the issuer publishes, named by its `kid`
 * (jose would otherwise try the only key of a one-key set), from the issuer, for the audience,
 * with an expiry (jose checks `exp` only when present) and `token_use: "id"`.
 */
export async function verifyOfficerToken(
  token: string,
  keys: JWTVerifyGetKey,
  expected: { readonly issuer: string; readonly audience: string | string[] | undefined },
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(
    token,
    (header, jws) => {
      if (!header.kid) throw new Error('the token names no key (kid)');
      return keys(header, jws);
    },
    { issuer: expected.issuer, audience: expected.audience, requiredClaims: ['exp', 'sub', 'token_use'] },
  );
  if (payload.token_use !== 'id') throw new Error('not an ID token');
  return payload;
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

/** Verifies an officer's bearer token on a public route, the way the API's JWT authorizer does, and more. */
export async function verifiedOfficer(authorization: string | undefined): Promise<Officer> {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) throw unauthorized();
  const issuer = process.env[OFFICER_ENV.issuer]!;
  jwks ??= createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  try {
    return officerFromClaims(await verifyOfficerToken(token, jwks, { issuer, audience: process.env[OFFICER_ENV.audience] }));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unauthorized();
  }
}

/** An officer acts on the dossiers their agency received or currently handles. */
export function assertActsFor(officer: Officer, dossier: { agencyCode: string; handlingAgency: string }): void {
  if (officer.agency !== dossier.agencyCode && officer.agency !== dossier.handlingAgency) {
    throw forbidden(
      'Cán bộ chỉ được xử lý hồ sơ của cơ quan mình',
      'Officers may act only on dossiers of their own agency',
      { officerAgency: officer.agency },
    );
  }
}
