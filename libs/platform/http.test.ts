import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiErrorOf } from '../../tests/support/api-error.ts';
import { YearNotSupportedError } from '../calendar/holidays.ts';
import { ApiError } from './errors.ts';
import { httpHandler, jsonBody, type HttpEvent } from './http.ts';

const event = { headers: {}, requestContext: {} } as unknown as HttpEvent;
const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
const answer = (error: unknown) => httpHandler(async () => Promise.reject(error))(event, context);

describe('error responses', () => {
  it('answers an ApiError with its status and {code, message, details} in Vietnamese and English', async () => {
    const response = await answer(new ApiError(422, 'UNKNOWN_AGENCY', 'Không có cơ quan', 'No agency', { agencyCode: 'H99' }));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body!)).toMatchObject({ code: 'UNKNOWN_AGENCY', message: 'Không có cơ quan / No agency', details: { agencyCode: 'H99' } });
  });

  it('answers a date beyond the working calendar with 422, not 500', async () => {
    const response = await answer(new YearNotSupportedError(2300));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body!)).toMatchObject({ code: 'YEAR_NOT_SUPPORTED', details: { year: 2300, supported: { from: 1976, to: 2199 } } });
  });

  it('answers anything else with a 500 that says nothing of the internals', async () => {
    const response = await answer(new RangeError('Invalid time value at secret/place.ts:12'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body!).code).toBe('INTERNAL_ERROR');
  });
});

describe('jsonBody', () => {
  const Action = z.strictObject({ type: z.enum(['accept', 'resolve']) });
  const post = (body: string | undefined, contentType?: string, isBase64Encoded = false) =>
    ({ headers: contentType === undefined ? {} : { 'content-type': contentType }, body, isBase64Encoded, requestContext: {} }) as unknown as HttpEvent;

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json; charset="utf-8"', 'application/json ; charset=utf8'])(
    'reads a body sent as %s',
    (contentType) => {
      expect(jsonBody(post('{"type":"accept"}', contentType), Action)).toEqual({ type: 'accept' });
    },
  );

  it.each([
    ['no content-type', undefined],
    ['a form (what curl -d sends)', 'application/x-www-form-urlencoded'],
    ['plain text', 'text/plain;charset=UTF-8'],
    ['JSON in another charset', 'application/json; charset=latin1'],
    ['a JSON-like type', 'application/jsonp'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('refuses a body with %s: 415 UNSUPPORTED_MEDIA_TYPE, in both languages', (_, contentType) => {
    const error = apiErrorOf(() => jsonBody(post('{"type":"accept"}', contentType), Action));
    expect(error.status).toBe(415);
    expect(error.toBody()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messages: { vi: expect.stringContaining('JSON'), en: expect.stringContaining('JSON') }, details: null });
  });

  it('refuses a binary (base64) body that is not declared as JSON', () => {
    expect(apiErrorOf(() => jsonBody(post(Buffer.from('{"type":"accept"}').toString('base64'), 'application/octet-stream', true), Action)).status).toBe(415);
  });

  it('lets the schema speak when there is no body at all, whatever the content-type', () => {
    expect(apiErrorOf(() => jsonBody(post(undefined), Action)).code).toBe('VALIDATION_FAILED');
    expect(apiErrorOf(() => jsonBody(post(''), Action)).code).toBe('VALIDATION_FAILED');
  });

  it('answers an oversize body with 413 before looking at its type, and malformed JSON with 400', () => {
    expect(apiErrorOf(() => jsonBody(post('x'.repeat(70_000), 'text/plain'), Action)).status).toBe(413);
    expect(apiErrorOf(() => jsonBody(post('{"type":', 'application/json'), Action)).code).toBe('MALFORMED_JSON');
  });
});
