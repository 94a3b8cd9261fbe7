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

/** Parses and validates a JSON body: 413 when too large, 400 for malformed JSON or a wrong shape. */
export function jsonBody<T extends z.ZodType>(event: HttpEvent, schema: T): z.infer<T> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `Dữ liệu gửi lên vượt quá ${MAX_BODY_BYTES / 1024} KB`, `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  }
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

/** The middy stack every HTTP handler shares. */
export function httpHandler(handler: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return middy(handler).use(injectLambdaContext(logger, { resetKeys: true })).use(errorResponses());
}
