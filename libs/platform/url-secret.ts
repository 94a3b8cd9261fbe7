import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import * as z from 'zod';
import { DomainError } from './errors.ts';
import type { HttpEvent, HttpResult } from './http.ts';
import { logger } from './powertools.ts';

/**
 * A secret in the callback URL, for gateways that cannot sign what they send: Vietnamese
 * brandname gateways deliver reports (and replies) by an HTTP GET to a URL registered once per
 * account, with no signature and no header of ours. The URL we register holds a per-gateway
 * secret as a path segment (`…/status/{secret}`), and this middleware lets through only requests
 * whose `{secret}` path parameter is one of the gateway's current secrets (several while
 * rotating).
 *
 * A path segment rather than a query parameter: gateways append their own query string to the
 * registered URL (some with a blind `?`), and their parameter names could collide with ours.
 * Our access logs record the route key (`/surveys/sms/{gateway}/status/{secret}`), never the path,
 * and nothing here logs the secret.
 *
 * The comparison leaks neither the secret nor its length: both sides are HMAC-SHA256'd with a
 * random key of this process, and the equal-length digests compared with timingSafeEqual, against
 * every secret without stopping at a match.
 */

/** URL-safe (base64url alphabet), at least 32 characters: e.g. 32 random bytes in base64url (43 characters). */
export const UrlSecret = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32 to 128 characters of A–Z a–z 0–9 _ -');

/** Secrets per gateway: a map, or a lookup by the `{gateway}` path parameter (Secrets Manager; caching is the lookup's job). */
export type UrlSecrets = Readonly<Record<string, readonly string[]>> | ((gateway: string) => Promise<readonly string[]>);

export interface UrlSecretOptions {
  secrets: UrlSecrets;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const Options = z.strictObject({
  secrets: z.union([
    z.custom<(gateway: string) => Promise<readonly string[]>>(isFunction, 'must be a function or a map of gateway to secrets'),
    z.record(z.string().min(1), z.array(UrlSecret).min(1, 'a gateway needs at least one secret')),
  ]),
});

/** The gateway a request that went through `verifyUrlSecret` was authenticated as; throws (a 500) on a stack without it. */
export function verifiedUrlSecretGatewayOf(event: HttpEvent): string {
  const gateway = (event as UrlSecretEvent).requestContext.urlSecretGateway;
  if (!gateway) throw new Error('verifiedUrlSecretGatewayOf: this handler is not behind verifyUrlSecret');
  return gateway;
}

type UrlSecretEvent = HttpEvent & { requestContext: HttpEvent['requestContext'] & { urlSecretGateway?: string } };

type Check = { check: 'unknown_gateway' } | { check: 'no_secret_matched' };

const refused = (details: Check) =>
  details.check === 'unknown_gateway'
    ? new DomainError('WEBHOOK_SIGNATURE_INVALID', 'Không có cổng SMS với mã này trong đường dẫn', 'No SMS gateway has the id in the path', details)
    : new DomainError('WEBHOOK_SIGNATURE_INVALID', 'Mã bí mật trong đường dẫn không đúng', 'The secret in the callback URL is not a current one', details);

/**
 * Lets through only requests whose `{secret}` path parameter is a current secret of the
 * `{gateway}` path parameter's gateway; anything else is 401 WEBHOOK_SIGNATURE_INVALID
 * (`details.check`: `unknown_gateway`, `no_secret_matched`). A malformed secret is configuration's
 * fault: the options (or the lookup's answer) are refused with an Error, a 500.
 */
export function verifyUrlSecret(opts: UrlSecretOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const parsed = Options.safeParse(opts);
  if (!parsed.success) {
    throw new Error(`verifyUrlSecret: invalid options: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ')}`);
  }
  // Per process, never stored: it only makes the compared values equal-length and unguessable.
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest();
  const secretsOf = async (gateway: string): Promise<readonly string[]> => {
    if (!isFunction(opts.secrets)) {
      const secrets = opts.secrets as Readonly<Record<string, readonly string[]>>;
      // Own keys only: a gateway called `constructor` must not reach Object.prototype.
      return Object.hasOwn(secrets, gateway) ? secrets[gateway]! : [];
    }
    const secrets = (await (opts.secrets as (gateway: string) => Promise<readonly string[]>)(gateway)) ?? [];
    for (const secret of secrets) if (!UrlSecret.safeParse(secret).success) throw new Error(`verifyUrlSecret: a secret of ${gateway} is malformed`);
    return secrets;
  };

  return {
    before: async ({ event }) => {
      const gateway = event.pathParameters?.gateway;
      if (!gateway) throw new Error('verifyUrlSecret: the route has no {gateway} path parameter');
      const secrets = await secretsOf(gateway);
      let matched = false;
      if (secrets.length > 0) {
        const given = digest(event.pathParameters?.secret ?? '');
        for (const secret of secrets) matched = timingSafeEqual(given, digest(secret)) || matched;
      }
      if (!matched) {
        const details: Check = secrets.length === 0 ? { check: 'unknown_gateway' } : { check: 'no_secret_matched' };
        logger.warn('gateway callback refused', { gateway, check: details.check });
        throw refused(details);
      }
      (event as UrlSecretEvent).requestContext.urlSecretGateway = gateway;
    },
  };
}
