import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, type ErrorCode } from './errors.ts';
import { parseOrThrow } from './validation.ts';

import { flushMetrics, logger, metrics, tracer } from './powertools.ts';

export { logger, metrics };

/** Dossiers are small JSON documents; anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string> } };
  };
};

export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * What no cache may keep unless a route says otherwise (the public catalog and calendar do):
 * most answers hold a dossier, personal data, or something true of this request only.
 */
const NOT_CACHED = { 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...NOT_CACHED, ...headers },
    body: JSON.stringify(body),
  };
}

/** A whole HTML page (the printable receipt), UTF-8. */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS, ...NOT_CACHED, ...headers }, body };
}

/**
 * Our pages hold no script and load nothing (styles and the QR's SVG are inline): the policy
 * says so, so that text someone managed to slip into a page could not run or fetch anything,
 * and no other site may frame it.
 */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `application/json`, any case, with no parameter but a UTF-8 charset (JSON is UTF-8, RFC 8259). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

export const unsupportedMediaType = () =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Dữ liệu phải được gửi dạng JSON (content-type: application/json)',
    'The body must be sent as JSON (content-type: application/json)',
  );

/**
 * The body's bytes as the client sent them (API Gateway hands binary bodies over in base64):
 * what a signature is computed on, and what a JSON body is decoded from. 413 beyond
 * MAX_BODY_BYTES, before anything else is done with it.
 */
export function rawBodyOf(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): Buffer {
  const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (bytes.length > MAX_BODY_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `Dữ liệu gửi lên vượt quá ${MAX_BODY_BYTES / 1024} KB`, `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  }
  return bytes;
}

/**
 * Parses and validates a JSON body: 413 when too large, 415 when a body is not declared as
 * JSON (curl -d sends a form), 400 for malformed JSON or a wrong shape.
 */
export function jsonBody<T extends z.ZodType>(event: HttpEvent, schema: T): z.infer<T> {
  const raw = rawBodyOf(event).toString('utf8');
  // With no body there is nothing to declare: the schema says what is missing.
  if (raw && !JSON_MEDIA_TYPE.test(event.headers?.['content-type']?.trim() ?? '')) throw unsupportedMediaType();
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    throw new DomainError('MALFORMED_JSON', 'Dữ liệu gửi lên không phải JSON hợp lệ', 'The body is not valid JSON');
  }
  return parseOrThrow(schema, parsed, 'body');
}

/**
 * The one place error codes become HTTP statuses. A Record over every code, so a code
 * added to ERROR_CODES without a status here does not compile (and http.test.ts checks it).
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  MALFORMED_PATH: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PROCEDURE_NOT_RECEIVED_HERE: 422,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  WEBHOOK_SIGNATURE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_ATTEMPTS: 429,
  // Conflicts with the dossier's state: the same request may succeed once the state differs.
  ACTION_NOT_ALLOWED: 409,
  CONCURRENT_UPDATE: 409,
  DOSSIER_OVERDUE: 409,
  SUPPLEMENT_EXPIRED: 409,
  SUPPLEMENT_ALREADY_REQUESTED: 409,
  ALREADY_EXTENDED: 409,
  APOLOGY_TOO_LATE: 409,
  POSTAL_RETURN: 409,
  NOT_A_POSTAL_RETURN: 409,
  // History loaded from the previous system: it can be read, not worked on.
  IMPORTED_DOSSIER: 409,
  // Well-formed requests the rules cannot carry out as asked.
  IDEMPOTENCY_KEY_REUSED: 422,
  UNKNOWN_PROCEDURE: 422,
  UNKNOWN_AGENCY: 422,
  YEAR_NOT_SUPPORTED: 422,
  POSTAL_NOT_ALLOWED: 422,
  MISSING_COMPONENTS: 422,
  COMPONENTS_NOT_ON_CHECKLIST: 422,
  SAME_AGENCY: 422,
  TOO_MANY_TRANSFERS: 409,
  NEW_DUE_NOT_LATER: 422,
  NEW_DUE_NOT_WORKING_DAY: 422,
  NEW_DUE_OUTSIDE_OFFICE_HOURS: 422,
  NEW_DUE_TOO_FAR: 422,
  // A hand-over of shipments: the first three stay wrong whatever happens (a terminal status is never left);
  // the last two conflict with the shipment's state (not created at the partner yet, on other minutes already).
  SHIPMENT_NOT_OUTBOUND: 422,
  SHIPMENT_OF_ANOTHER_PARTNER: 422,
  SHIPMENT_CLOSED: 422,
  SHIPMENT_NOT_CREATED: 409,
  ALREADY_HANDED_OVER: 409,
  SHIPMENT_NOT_INBOUND: 422,
  SURVEY_ALREADY_ANSWERED: 409,
  SURVEY_CLOSED: 410,
  CATALOG_INCONSISTENT: 500,
};

/** The status a domain error is answered with; a code the map does not know (a cast got past the types) is a refusal, 422. */
export const httpStatusOf = (error: DomainError): number => HTTP_STATUS[error.code] ?? 422;

/**
 * Turns thrown DomainErrors into `{code, message, details}` responses with the status the
 * map gives their code, and anything else into a 500 that says nothing about the internals
 * (and is logged).
 */
export const errorResponses = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof DomainError) {
      const status = httpStatusOf(error);
      if (status >= 500 || !Object.hasOwn(HTTP_STATUS, error.code)) logger.error('server error or unmapped code', { code: error.code });
      request.response = json(status, error.toBody());
      return;
    }
    logger.error('unhandled error', error as Error);
    request.response = json(500, { code: 'INTERNAL_ERROR', message: 'Lỗi hệ thống, vui lòng thử lại sau / Internal error, please try again later', details: null });
  },
});

/**
 * The middy stack every HTTP handler shares: traced, logs with the Lambda context, metrics
 * flushed after every request (whatever the route), errors answered by the one map.
 */
export function httpHandler(handler: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics())
    .use(errorResponses());
}
