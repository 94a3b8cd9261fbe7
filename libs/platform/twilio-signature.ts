import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import * as z from 'zod';
import { DomainError } from './errors.ts';
import { rawBodyOf, type HttpEvent, type HttpResult } from './http.ts';
import { logger } from './powertools.ts';

/**
 * Twilio's request signature (`X-Twilio-Signature`) on the callbacks Twilio makes to us (replies,
 * status callbacks), as a middy middleware that runs before the handler: it lets through only
 * requests signed with one of our auth tokens, over the exact public URL Twilio called and every
 * parameter it posted.
 *
 * Twilio's algorithm (docs: Webhooks security, "Validating signatures from Twilio"; the official
 * helpers' `getExpectedTwilioSignature` and `validateRequest`):
 *   1. Take the full URL Twilio requested, query string included, exactly as configured.
 *   2. For a POST, sort the posted parameters by name and append each name then its value, with
 *      no separator (a name posted several times: its distinct values, sorted, each after the name).
 *   3. HMAC-SHA1 of that UTF-8 string keyed with the auth token; base64. That is the header.
 * Twilio may sign the URL with or without the scheme's default port (`:443`), so, as its helpers
 * do, the URL is tried without any port and with the default port added when it has none.
 *
 * The URL comes from our configuration (`publicUrl`), never from Host or X-Forwarded-* headers,
 * which the sender chooses. The signature is over the parsed parameters, not the raw bytes: the
 * form is parsed here, from the raw body, and handed to the handler as verified
 * (`verifiedTwilioRequestOf`), so the handler reads exactly what was checked.
 *
 * Not supported: Webhooks Rules signed with a SharedKey (`X-Twilio-Webhooks-Signature-Settings`,
 * refused) and JSON-bodied webhooks (`bodySHA256`): Messaging sends forms. No deduplication here:
 * the handler keys on the message sid.
 */

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';
const SETTINGS_HEADER = 'x-twilio-webhooks-signature-settings';
/** base64 of the 20 bytes of an HMAC-SHA1. */
const SIGNATURE = /^[A-Za-z0-9+/]{27}=$/;
const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

/** Auth tokens per gateway: a list (any gateway), or a lookup by the `{gateway}` path parameter (Secrets Manager; caching is the lookup's job). */
export type TwilioAuthTokens = readonly string[] | ((gateway: string) => Promise<readonly string[]>);

export interface TwilioSignatureOptions {
  /** Every auth token valid now (the primary and, while rotating, the secondary). None: an unknown gateway. */
  authTokens: TwilioAuthTokens;
  /** The URL Twilio called, from configuration: see `publicUrlOf`. */
  publicUrl: (event: HttpEvent) => string;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const Options = z.strictObject({
  authTokens: z.union([
    z.custom<(gateway: string) => Promise<readonly string[]>>(isFunction, 'must be a function or a list of auth tokens'),
    z.array(z.string().min(16, 'an auth token has at least 16 characters')).min(1, 'at least one auth token'),
  ]),
  publicUrl: z.custom<(event: HttpEvent) => string>(isFunction, 'must be a function of the event'),
});

/**
 * The public URL of a request from our configured base (`https://sms.example.gov.vn`, or with a
 * path prefix): the base, the request's path and its query string as received
 * (`rawPath`, `rawQueryString`: not re-encoded). The base is what Twilio is given, minus the
 * route's path; never derived from the request's Host or X-Forwarded-* headers.
 */
export function publicUrlOf(baseUrl: string): (event: HttpEvent) => string {
  const base = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).parse(baseUrl).replace(/\/+$/, '');
  if (/[?#]/.test(base)) throw new Error('publicUrlOf: the base URL has no query or fragment');
  return (event) => `${base}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}

/** The string Twilio signs: the URL, then every parameter, sorted by name, name then value. */
function signedContent(url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let content = url;
  for (const name of names) for (const value of [...new Set(params.getAll(name))].sort()) content += name + value;
  return content;
}

const digest = (authToken: string, url: string, params: URLSearchParams): Buffer => createHmac('sha1', authToken).update(signedContent(url, params), 'utf8').digest();

/** The X-Twilio-Signature of a request, as Twilio computes it: for the local gateway simulator and tests. */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  return digest(authToken, url, params).toString('base64');
}

/** The URL without a port, and with the scheme's default port when it had none: the two forms Twilio may have signed. */
function urlForms(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(at + 1);
  const colon = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  const prefix = scheme + authority.slice(0, at + 1) + (colon === -1 ? hostAndPort : hostAndPort.slice(0, colon));
  const withPort = colon === -1 ? prefix + (scheme.toLowerCase() === 'https://' ? ':443' : ':80') + rest : url;
  return [prefix + rest, withPort];
}

/** What the middleware verified, for the handler. */
export interface VerifiedTwilioRequest {
  /** The `{gateway}` path parameter, when the route has one. */
  readonly gateway: string | null;
  /** The posted form, as verified. */
  readonly form: URLSearchParams;
  /** The URL's query (part of the signed URL). */
  readonly query: URLSearchParams;
}

type TwilioEvent = HttpEvent & { requestContext: HttpEvent['requestContext'] & { twilio?: VerifiedTwilioRequest } };

/** The verified form and query of a request that went through `verifyTwilioSignature`; throws (a 500) on a stack without it. */
export function verifiedTwilioRequestOf(event: HttpEvent): VerifiedTwilioRequest {
  const verified = (event as TwilioEvent).requestContext.twilio;
  if (!verified) throw new Error('verifiedTwilioRequestOf: this handler is not behind verifyTwilioSignature');
  return verified;
}

type Check =
  | { check: 'missing_header' | 'malformed_header'; header: typeof TWILIO_SIGNATURE_HEADER }
  | { check: 'shared_key_signature' }
  | { check: 'unknown_gateway' }
  | { check: 'no_signature_matched' };

function messagesOf(details: Check): [vi: string, en: string] {
  switch (details.check) {
    case 'missing_header':
      return [`Thiếu tiêu đề ${details.header}`, `The ${details.header} header is missing`];
    case 'malformed_header':
      return [`Tiêu đề ${details.header} không phải chữ ký HMAC-SHA1 dạng base64`, `The ${details.header} header is not a base64 HMAC-SHA1 signature`];
    case 'shared_key_signature':
      return ['Không hỗ trợ chữ ký bằng SharedKey (Webhooks Rules); hãy ký bằng Auth Token', 'Webhooks signed with a SharedKey (Webhooks Rules) are not supported; sign with the Auth Token'];
    case 'unknown_gateway':
      return ['Không có cổng SMS với mã này trong đường dẫn', 'No SMS gateway has the id in the path'];
    case 'no_signature_matched':
      return ['Chữ ký X-Twilio-Signature không khớp với đường dẫn, tham số và Auth Token', 'X-Twilio-Signature does not match the URL, the parameters and an auth token'];
  }
}

const notAForm = () =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Dữ liệu phải được gửi dạng biểu mẫu (content-type: application/x-www-form-urlencoded)',
    'The body must be sent as a form (content-type: application/x-www-form-urlencoded)',
  );

/** 401 WEBHOOK_SIGNATURE_INVALID, its details naming the check that failed (never a token, the URL or the body). */
const refused = (details: Check) => new DomainError('WEBHOOK_SIGNATURE_INVALID', ...messagesOf(details), details);

/**
 * A middleware that lets through only requests signed by Twilio with one of `authTokens`
 * (several while rotating), as explained above; anything else is 401 WEBHOOK_SIGNATURE_INVALID
 * with `details.check`, and a verified request whose body is not a form is 415. Use it on
 * `httpHandler(...)`; the handler reads `verifiedTwilioRequestOf(event)` and answers `emptyTwiml()`.
 */
export function verifyTwilioSignature(opts: TwilioSignatureOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const parsed = Options.safeParse(opts);
  if (!parsed.success) {
    throw new Error(`verifyTwilioSignature: invalid options: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ')}`);
  }
  const { authTokens, publicUrl } = opts;

  const tokensOf = async (gateway: string | null): Promise<readonly string[]> => {
    if (!isFunction(authTokens)) return authTokens;
    if (gateway === null) throw new Error('verifyTwilioSignature: a token lookup needs a {gateway} path parameter');
    return (await authTokens(gateway)) ?? [];
  };

  async function verify(event: HttpEvent, gateway: string | null): Promise<VerifiedTwilioRequest> {
    const headers = event.headers ?? {};
    const header = headers[TWILIO_SIGNATURE_HEADER];
    if (!header) throw refused({ check: 'missing_header', header: TWILIO_SIGNATURE_HEADER });
    if (!SIGNATURE.test(header.trim())) throw refused({ check: 'malformed_header', header: TWILIO_SIGNATURE_HEADER });
    if (headers[SETTINGS_HEADER]) throw refused({ check: 'shared_key_signature' });

    const tokens = await tokensOf(gateway);
    if (tokens.length === 0) throw refused({ check: 'unknown_gateway' });

    const form = new URLSearchParams(rawBodyOf(event).toString('utf8'));
    const signature = Buffer.from(header.trim(), 'base64');
    // Every pair is compared, in constant time and without stopping at a match.
    let matched = false;
    for (const url of urlForms(publicUrl(event))) for (const token of tokens) matched = timingSafeEqual(signature, digest(token, url, form)) || matched;
    if (!matched) throw refused({ check: 'no_signature_matched' });

    if (event.body && !FORM_MEDIA_TYPE.test(headers['content-type']?.trim() ?? '')) throw notAForm();
    return { gateway, form, query: new URLSearchParams(event.rawQueryString ?? '') };
  }

  return {
    before: async ({ event }) => {
      const gateway = event.pathParameters?.gateway ?? null;
      try {
        (event as TwilioEvent).requestContext.twilio = await verify(event, gateway);
      } catch (error) {
        if (error instanceof DomainError) logger.warn('twilio callback refused', { gateway, check: (error.details as Check | null)?.check ?? error.code });
        throw error;
      }
    },
  };
}

/** What Twilio expects back from a messaging webhook that has nothing to say: an empty TwiML document. */
export function emptyTwiml(): HttpResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  };
}
