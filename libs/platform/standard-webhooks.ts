import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import * as z from 'zod';
import { DomainError } from './errors.ts';
import { rawBodyOf, type HttpEvent, type HttpResult } from './http.ts';
import { logger } from './powertools.ts';

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signature checks for partner callbacks,
 * as a middy middleware that runs before the handler and before anything reads the body: the
 * HMAC is over the bytes the partner sent, and a parser that rewrote them (key order, spaces,
 * escapes) would make a genuine update fail or, worse, let us verify something else than what
 * was signed.
 *
 * What it does not do: deduplicate. The same `webhook-id` arriving twice verifies twice; the
 * handler records the id with its effect so that the second changes nothing.
 */

export const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';
/** The spec asks for at least 24 random bytes and at most 64; a shorter key is a typo or a toy. */
const SECRET_BYTES = { min: 24, max: 64 } as const;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE_BYTES = 32; // HMAC-SHA256

/** `whsec_` then the base64 of 24 to 64 bytes; parsed, it is the HMAC key. */
export const WebhookSecret = z
  .string()
  .refine((value) => value.startsWith(SECRET_PREFIX) && BASE64.test(value.slice(SECRET_PREFIX.length)), 'must be whsec_ followed by base64')
  .transform((value) => Buffer.from(value.slice(SECRET_PREFIX.length), 'base64'))
  .refine((key) => key.length >= SECRET_BYTES.min && key.length <= SECRET_BYTES.max, `must encode ${SECRET_BYTES.min} to ${SECRET_BYTES.max} bytes`);

/**
 * The key of a secret, or an Error that names neither the secret nor its partner's other
 * secrets. A malformed secret is our configuration's fault, never the sender's: a 500 (the
 * partner retries later), not a 401.
 */
function keyOf(secret: string): Buffer {
  const parsed = WebhookSecret.safeParse(secret);
  if (!parsed.success) throw new Error(`a webhook secret is malformed: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** The signing: HMAC-SHA256 with the key over `${id}.${timestamp}.` and the body's bytes. */
function digest(key: Buffer, id: string, timestamp: number, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
}

const bytesOf = (body: string | Uint8Array): Uint8Array => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

/**
 * The `v1,<base64>` signature of a message, as a sender puts it in `webhook-signature`
 * (several, space-separated, while rotating). For the local partner simulator and tests; the
 * middleware checks with the same `digest`.
 */
export function sign(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  return `v1,${digest(keyOf(secret), id, timestamp, bytesOf(body)).toString('base64')}`;
}

/** Secrets per partner: a map, or a lookup (Secrets Manager in the cloud; caching is the lookup's job). */
export type WebhookSecrets = Readonly<Record<string, readonly string[]>> | ((partner: string) => Promise<readonly string[]>);

export interface StandardWebhookOptions {
  /** Every secret valid now for a partner (two while rotating). None: an unknown partner. */
  secrets: WebhookSecrets;
  /** How far `webhook-timestamp` may be from our clock, either way. Default 300. */
  toleranceSeconds?: number;
  /** Our clock; tests pass a fixed one. */
  now?: () => Date;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const Options = z.strictObject({
  secrets: z.union([
    z.custom<(partner: string) => Promise<readonly string[]>>(isFunction, 'must be a function or a map of partner to secrets'),
    z.record(z.string().min(1), z.array(WebhookSecret).min(1, 'a partner needs at least one secret')),
  ]),
  toleranceSeconds: z.number().int().positive().default(DEFAULT_TOLERANCE_SECONDS),
  now: z.custom<() => Date>(isFunction, 'must be a function').default(() => () => new Date()),
});

/** What the middleware verified, for the handler: who sent it and which message it is. */
export interface VerifiedWebhook {
  readonly partner: string;
  /** `webhook-id`: the same for every retry of one message; the handler's deduplication key. */
  readonly id: string;
  /** `webhook-timestamp`, Unix seconds: when this attempt was signed. */
  readonly timestamp: number;
}

type WebhookEvent = HttpEvent & { requestContext: HttpEvent['requestContext'] & { webhook?: VerifiedWebhook } };

/**
 * The verified sender and message of a request that went through `verifyStandardWebhook`.
 * Throws (a 500) on a stack without the middleware, so a handler never takes an unverified
 * request for a verified one.
 */
export function verifiedWebhookOf(event: HttpEvent): VerifiedWebhook {
  const verified = (event as WebhookEvent).requestContext.webhook;
  if (!verified) throw new Error('verifiedWebhookOf: this handler is not behind verifyStandardWebhook');
  return verified;
}

type Check =
  | { check: 'missing_header'; header: (typeof WEBHOOK_HEADERS)[number] }
  | { check: 'malformed_header'; header: (typeof WEBHOOK_HEADERS)[number] }
  | { check: 'timestamp_too_old' | 'timestamp_too_new'; toleranceSeconds: number; serverTime: number }
  | { check: 'unknown_partner' }
  | { check: 'no_signature_matched' };

/** What the partner's developer reads: the check that failed, in Vietnamese and English. */
function messagesOf(details: Check): [vi: string, en: string] {
  switch (details.check) {
    case 'missing_header':
      return [`Thiếu tiêu đề ${details.header}`, `The ${details.header} header is missing`];
    case 'malformed_header':
      return [`Tiêu đề ${details.header} không đúng định dạng`, `The ${details.header} header is malformed`];
    case 'timestamp_too_old':
      return [
        `webhook-timestamp cũ hơn ${details.toleranceSeconds} giây so với đồng hồ máy chủ`,
        `webhook-timestamp is more than ${details.toleranceSeconds} seconds behind the server's clock`,
      ];
    case 'timestamp_too_new':
      return [
        `webhook-timestamp sớm hơn ${details.toleranceSeconds} giây so với đồng hồ máy chủ`,
        `webhook-timestamp is more than ${details.toleranceSeconds} seconds ahead of the server's clock`,
      ];
    case 'unknown_partner':
      return ['Không có đối tác với mã này trong đường dẫn', 'No partner has the id in the path'];
    case 'no_signature_matched':
      return ['Không chữ ký nào trong webhook-signature khớp với khóa của đối tác', 'No signature in webhook-signature matches a secret of the partner'];
  }
}

/** 401 WEBHOOK_SIGNATURE_INVALID, its details naming the check that failed (never a secret, never the body). */
const refused = (details: Check) => new DomainError('WEBHOOK_SIGNATURE_INVALID', ...messagesOf(details), details);

/** `webhook-id`: visible ASCII, no spaces, at most 256 characters (the handler stores it as a key). */
export const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
/** `webhook-timestamp`: Unix seconds, digits only (no sign, no fraction, no exponent). */
export const UNIX_SECONDS = /^\d{1,12}$/;

/** The `v1` signatures of the header, as bytes; entries of other versions (`v1a`, ed25519) are not ours to check. */
function v1SignaturesOf(header: string): Buffer[] | null {
  const entries = header.trim().split(/ +/);
  const signatures: Buffer[] = [];
  for (const entry of entries) {
    const [version, value, ...rest] = entry.split(',');
    if (value === undefined || rest.length > 0 || !/^v\d+[a-z]*$/.test(version!)) return null;
    if (version !== 'v1') continue;
    if (!BASE64.test(value)) return null;
    const signature = Buffer.from(value, 'base64');
    if (signature.length !== SIGNATURE_BYTES) return null;
    signatures.push(signature);
  }
  return signatures.length > 0 ? signatures : null;
}

/**
 * A middleware that lets through only requests signed by a secret of the partner named in
 * the path (`{partner}`), following Standard Webhooks: `webhook-id`, `webhook-timestamp`
 * (within `toleranceSeconds` of our clock, past or future) and `webhook-signature` (any `v1`
 * entry matching any of the partner's secrets). Anything else is 401 WEBHOOK_SIGNATURE_INVALID.
 * Use it on `httpHandler(...)`; the handler reads `verifiedWebhookOf(event)`.
 *
 * An unknown partner is a 401 too, not a 404: the partner id chooses the secrets, so it is
 * part of the credential, and a sender we cannot authenticate is answered the same way
 * whatever part is wrong (the details still say which, for the partner's developer; partner
 * ids are not secret).
 */
export function verifyStandardWebhook(opts: StandardWebhookOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const parsed = Options.safeParse(opts);
  if (!parsed.success) {
    throw new Error(`verifyStandardWebhook: invalid options: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ')}`);
  }
  const { toleranceSeconds, now } = parsed.data;
  const keysOf: (partner: string) => Promise<Buffer[]> = isFunction(opts.secrets)
    ? async (partner) => ((await (opts.secrets as (partner: string) => Promise<readonly string[]>)(partner)) ?? []).map(keyOf)
    : async (partner) => {
        const keys = parsed.data.secrets as Record<string, Buffer[]>;
        // Own keys only: a partner called `constructor` or `__proto__` must not reach Object.prototype.
        return Object.hasOwn(keys, partner) ? keys[partner]! : [];
      };

  const before = async (request: { event: HttpEvent }) => {
    const { event } = request;
    const partner = event.pathParameters?.partner;
    if (!partner) throw new Error('verifyStandardWebhook: the route has no {partner} path parameter');
    try {
      (event as WebhookEvent).requestContext.webhook = await verify(event, partner);
    } catch (error) {
      if (error instanceof DomainError) logger.warn('webhook refused', { partner, check: (error.details as Check | null)?.check ?? error.code });
      throw error;
    }
  };

  async function verify(event: HttpEvent, partner: string): Promise<VerifiedWebhook> {
    const headers = event.headers ?? {};
    for (const header of WEBHOOK_HEADERS) if (!headers[header]) throw refused({ check: 'missing_header', header });
    const id = headers['webhook-id']!;
    if (!MESSAGE_ID.test(id)) throw refused({ check: 'malformed_header', header: 'webhook-id' });
    const timestampHeader = headers['webhook-timestamp']!.trim();
    if (!UNIX_SECONDS.test(timestampHeader)) throw refused({ check: 'malformed_header', header: 'webhook-timestamp' });
    const signatures = v1SignaturesOf(headers['webhook-signature']!);
    if (!signatures) throw refused({ check: 'malformed_header', header: 'webhook-signature' });

    const timestamp = Number(timestampHeader);
    const serverTime = Math.floor(now().getTime() / 1000);
    if (serverTime - timestamp > toleranceSeconds) throw refused({ check: 'timestamp_too_old', toleranceSeconds, serverTime });
    if (timestamp - serverTime > toleranceSeconds) throw refused({ check: 'timestamp_too_new', toleranceSeconds, serverTime });

    const keys = await keysOf(partner);
    if (keys.length === 0) throw refused({ check: 'unknown_partner' });

    const body = rawBodyOf(event);
    const expected = keys.map((key) => digest(key, id, timestamp, body));
    // Every pair is compared, in constant time and without stopping at a match, so the time
    // taken says nothing about which signature or which secret was close.
    let matched = false;
    for (const signature of signatures) for (const digest of expected) matched = timingSafeEqual(signature, digest) || matched;
    if (!matched) throw refused({ check: 'no_signature_matched' });
    return { partner, id, timestamp };
  }

  return { before };
}
