import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DomainError, forbidden, unauthorized } from './errors.ts';
import type { HttpEvent } from './http.ts';

export interface Officer {
  readonly id: string;
  readonly agency: string;
}

function officerFromClaims(claims: Record<string, unknown> | undefined): Officer {
  const agency = claims?.['custom:agency'];
  const id = claims?.sub;
  if (typeof agency !== 'string' || !agency || typeof id !== 'string') throw unauthorized();
  return { id, agency };
}

/** The officer API Gateway's JWT authorizer already verified. */
export function officerOf(event: HttpEvent): Officer {
  return officerFromClaims(event.requestContext.authorizer?.jwt?.claims);
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

/**
 * Verifies an officer's bearer token on a public route, the way the API's JWT
 * authorizer does: the issuer's published keys, issuer, audience, expiry, ID token.
 */
export async function verifiedOfficer(authorization: string | undefined): Promise<Officer> {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) throw unauthorized();
  const issuer = process.env.OFFICER_ISSUER!;
  jwks ??= createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  try {
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: process.env.OFFICER_AUDIENCE });
    if (payload.token_use !== 'id') throw new Error('not an ID token');
    return officerFromClaims(payload);
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
