import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ApiError, yearNotSupported } from './errors.ts';
import { parseOrThrow } from './validation.ts';

export const logger = new Logger();
/** CloudWatch metrics (embedded metric format, namespace from POWERTOOLS_METRICS_NAMESPACE). */
export const metrics = new Metrics();

/** Dossiers are small JSON documents; anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string> } };
  };
};

export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A whole HTML page (the printable receipt), UTF-8. */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

/** `application/json`, any case, with no parameter but a UTF-8 charset (JSON is UTF-8, RFC 8259). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

export const unsupportedMediaType = () =>
  new ApiError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Dữ liệu phải được gửi dạng JSON (content-type: application/json)',
    'The body must be sent as JSON (content-type: application/json)',
  );

/**
 * Parses and validates a JSON body: 413 when too large, 415 when a body is not declared as
 * JSON (curl -d sends a form), 400 for malformed JSON or a wrong shape.
 */
export function jsonBody<T extends z.ZodType>(event: HttpEvent, schema: T): z.infer<T> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `Dữ liệu gửi lên vượt quá ${MAX_BODY_BYTES / 1024} KB`, `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  }
  // With no body there is nothing to declare: the schema says what is missing.
  if (raw && !JSON_MEDIA_TYPE.test(event.headers?.['content-type']?.trim() ?? '')) throw unsupportedMediaType();
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'Dữ liệu gửi lên không phải JSON hợp lệ', 'The body is not valid JSON');
  }
  return parseOrThrow(schema, parsed, 'body');
}

/**
 * Turns thrown ApiErrors into `{code, message, details}` responses, and anything
 * else into a 500 that says nothing about the internals (and is logged).
 */
export const errorResponses = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof ApiError) {
      if (error.status >= 500) logger.error('server error', { code: error.code });
      request.response = json(error.status, error.toBody());
      return;
    }
    const idempotency = IDEMPOTENCY_ERRORS[(error as Error | null)?.name ?? ''];
    if (idempotency) {
      request.response = json(idempotency.status, idempotency.toBody());
      return;
    }
    // A date from the request took the working calendar past the years it covers.
    if ((error as Error | null)?.name === 'YearNotSupportedError') {
      const { year, supported } = error as Error & { year: number; supported: { from: number; to: number } };
      request.response = json(422, yearNotSupported(year, supported).toBody());
      return;
    }
    logger.error('unhandled error', error as Error);
    request.response = json(500, {
      code: 'INTERNAL_ERROR',
      message: 'Lỗi hệ thống, vui lòng thử lại sau / Internal error, please try again later',
      details: null,
    });
  },
});

/** Powertools idempotency errors are the client's retry discipline, not our failure. */
const IDEMPOTENCY_ERRORS: Record<string, ApiError> = {
  IdempotencyValidationError: new ApiError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key này đã được dùng cho một yêu cầu khác',
    'This Idempotency-Key was already used for a different request',
  ),
  IdempotencyAlreadyInProgressError: new ApiError(
    409,
    'REQUEST_IN_PROGRESS',
    'Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau giây lát',
    'A request with this Idempotency-Key is still being processed; retry shortly',
  ),
};

/** The middy stack every HTTP handler shares. */
export function httpHandler(handler: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return middy(handler).use(injectLambdaContext(logger, { resetKeys: true })).use(errorResponses());
}
