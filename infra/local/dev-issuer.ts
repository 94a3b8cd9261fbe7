import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import { verifyOfficerToken } from '../../libs/platform/auth.ts';

/**
 * The local stand-in for the officers' Cognito user pool: an OpenID-style issuer
 * with one ES256 key kept in the data directory, so tokens survive restarts.
 * It signs the same claims Cognito puts in an ID token (sub, token_use, aud,
 * custom:agency), and publishes its JWKS the way Cognito does, so handlers verify
 * tokens the same way in both places.
 */
export const ISSUER_PATH = '/local-issuer';

export interface IssuerFile {
  readonly issuer: string;
  readonly audiences: string[];
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface OfficerClaims {
  readonly agency: string;
  readonly sub?: string;
  readonly name?: string;
  readonly ttlSeconds?: number;
}

const KEY_ID = 'motcua-local-1';

export class DevIssuer {
  readonly file: string;
  private state: IssuerFile;
  /** Built once: verifying every request would otherwise re-import the JWK. */
  private keys: ReturnType<typeof createLocalJWKSet> | undefined;

  private constructor(file: string, state: IssuerFile) {
    this.file = file;
    this.state = state;
  }

  static async open(dataDir: string): Promise<DevIssuer> {
    const file = path.join(dataDir, 'local-issuer.json');
    if (existsSync(file)) return new DevIssuer(file, JSON.parse(readFileSync(file, 'utf8')) as IssuerFile);
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const state: IssuerFile = {
      issuer: '',
      audiences: [],
      privateJwk: { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'ES256' },
      publicJwk: { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' },
    };
    mkdirSync(dataDir, { recursive: true });
    const issuer = new DevIssuer(file, state);
    issuer.save();
    return issuer;
  }

  /** Sets the URL the issuer is served at and the audiences (client IDs) the API accepts. */
  configure(issuer: string, audiences: string[]): void {
    this.state = { ...this.state, issuer, audiences };
    this.save();
  }

  get issuer(): string {
    return this.state.issuer;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.state.publicJwk] };
  }

  async mint(claims: OfficerClaims): Promise<string> {
    if (!this.state.issuer) throw new Error('The local system has not been started yet: run `npm start` first.');
    const key = await importJWK(this.state.privateJwk, 'ES256');
    return new SignJWT({
      token_use: 'id',
      'custom:agency': claims.agency,
      'cognito:username': claims.sub ?? `officer-${claims.agency}`,
      ...(claims.name ? { name: claims.name } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', kid: KEY_ID })
      .setIssuer(this.state.issuer)
      .setAudience(this.state.audiences[0] ?? 'motcua-local')
      .setSubject(claims.sub ?? `officer-${claims.agency}`)
      .setIssuedAt()
      .setExpirationTime(`${claims.ttlSeconds ?? 8 * 3600}s`)
      .sign(key);
  }

  /**
   * What API Gateway's JWT authorizer checks (signature by the key the `kid` names, issuer,
   * audience, expiry), plus `token_use: "id"`, which in AWS the handlers check instead.
   */
  verify(token: string, audiences: string[]): Promise<JWTPayload> {
    this.keys ??= createLocalJWKSet(this.jwks());
    return verifyOfficerToken(token, this.keys, { issuer: this.state.issuer, audience: audiences });
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify(this.state, null, 2), { mode: 0o600 });
  }
}
