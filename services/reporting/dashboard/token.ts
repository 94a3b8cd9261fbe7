/**
 * The officer's token on the dashboard. The page reads it from the URL fragment (`#token=…`: a
 * fragment is never sent to a server, so it stays out of access logs and Referer headers) or from
 * the paste field, keeps it in the tab's sessionStorage, and sends it only as the Authorization
 * header of its calls to the API. Reading the claims here does not verify anything (the API does):
 * it only picks the default agency and says when the token expires.
 */

export const TOKEN_STORAGE_KEY = 'motcua.dashboard.token';

/** The token in a fragment like `#token=eyJ…` (other fragment parameters are left alone). */
export function tokenFromFragment(fragment: string): string | null {
  const token = new URLSearchParams(fragment.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}

/** What an officer pastes: the token itself, or the whole link (or fragment) that carries it. */
export function tokenFromPaste(text: string): string | null {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  return hash >= 0 ? tokenFromFragment(trimmed.slice(hash)) : trimmed || null;
}

export interface TokenClaims {
  readonly agency: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number | null;
}

/** The agency and expiry a Cognito ID token (or the local dev issuer's) carries; null when it is not one. */
export function claimsOf(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload || token.split('.').length !== 3) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const agency = json['custom:agency'];
    if (typeof agency !== 'string' || !agency) return null;
    return { agency, expiresAt: typeof json.exp === 'number' ? json.exp : null };
  } catch {
    return null;
  }
}
