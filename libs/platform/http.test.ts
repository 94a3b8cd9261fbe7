import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { domainErrorOf } from '../../tests/support/domain-error.ts';
import { YearNotSupportedError } from '../calendar/holidays.ts';
import { DomainError, ERROR_CODES, type ErrorCode } from './errors.ts';
import { HTTP_STATUS, httpHandler, httpStatusOf, jsonBody, type HttpEvent } from './http.ts';

const event = { headers: {}, requestContext: {} } as unknown as HttpEvent;
const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
const answer = (error: unknown) => httpHandler(async () => Promise.reject(error))(event, context);
const named = (name: string) => Object.assign(new Error('from a library'), { name });

describe('error responses', () => {
  it('answers a DomainError with the status of its code and {code, message, details} in Vietnamese and English', async () => {
    const response = await answer(new DomainError('UNKNOWN_AGENCY', 'Không có cơ quan', 'No agency', { agencyCode: 'H99' }));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body!)).toEqual({
      code: 'UNKNOWN_AGENCY',
      message: 'Không có cơ quan / No agency',
      messages: { vi: 'Không có cơ quan', en: 'No agency' },
      details: { agencyCode: 'H99' },
    });
    expect((await answer(new DomainError('CONCURRENT_UPDATE', 'vi', 'en'))).statusCode).toBe(409);
    expect((await answer(new DomainError('NOT_FOUND', 'vi', 'en'))).statusCode).toBe(404);
  });

  it('answers a date beyond the working calendar with 422, not 500', async () => {
    const response = await answer(new YearNotSupportedError(2300));
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body!)).toMatchObject({ code: 'YEAR_NOT_SUPPORTED', details: { year: 2300, supported: { from: 1976, to: 2199 } } });
  });

  it('answers anything else with a 500 that says nothing of the internals', async () => {
    for (const error of [new RangeError('Invalid time value at secret/place.ts:12'), named('toString'), null]) {
      const response = await answer(error);
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('secret');
      expect(JSON.parse(response.body!).code).toBe('INTERNAL_ERROR');
    }
  });

  it('answers a code the map does not know (only a cast can make one) as a refusal, 422', async () => {
    const stray = new DomainError('NO_SUCH_CODE' as ErrorCode, 'vi', 'en');
    expect(httpStatusOf(stray)).toBe(422);
    expect((await answer(stray)).statusCode).toBe(422);
  });
});

describe('headers of every answer', () => {
  it('marks JSON as JSON (nosniff), and no error answer may be cached', async () => {
    const refused = await answer(new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ', 'Dossier not found'));
    expect(refused.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    expect((await answer(new RangeError('boom'))).headers).toMatchObject({ 'x-content-type-options': 'nosniff' });
  });
});

describe('the map from error codes to HTTP statuses', () => {
  it('gives every code a status, and knows no other code', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code], code).toBeTypeOf('number');
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('answers every code with a 4xx but the one that is our fault', () => {
    for (const code of ERROR_CODES) {
      const status = HTTP_STATUS[code];
      if (code === 'CATALOG_INCONSISTENT') expect(status).toBe(500);
      else expect(status >= 400 && status < 500, `${code}: ${status}`).toBe(true);
    }
  });

  /** Codes no HTTP route can answer with: the queue consumers' refusals. */
  const NOT_ANSWERED_OVER_HTTP: ErrorCode[] = ['NOT_A_POSTAL_RETURN'];

  it('is the table of docs/api.md#errors, row for row', () => {
    const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const rows = [...docs.matchAll(/^\| (\d{3}) \| `([A-Z_]+)` \|/gm)].map(([, status, code]) => [code!, Number(status)] as const);
    const documented = new Map(rows.filter(([code]) => code !== 'INTERNAL_ERROR'));
    for (const [code, status] of documented) expect(HTTP_STATUS[code as ErrorCode], code).toBe(status);
    expect([...documented.keys()].sort()).toEqual(ERROR_CODES.filter((code) => !NOT_ANSWERED_OVER_HTTP.includes(code)).sort());
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
    const error = domainErrorOf(() => jsonBody(post('{"type":"accept"}', contentType), Action));
    expect(httpStatusOf(error)).toBe(415);
    expect(error.toBody()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messages: { vi: expect.stringContaining('JSON'), en: expect.stringContaining('JSON') }, details: null });
  });

  it('refuses a binary (base64) body that is not declared as JSON', () => {
    expect(httpStatusOf(domainErrorOf(() => jsonBody(post(Buffer.from('{"type":"accept"}').toString('base64'), 'application/octet-stream', true), Action)))).toBe(415);
  });

  it('lets the schema speak when there is no body at all, whatever the content-type', () => {
    expect(domainErrorOf(() => jsonBody(post(undefined), Action)).code).toBe('VALIDATION_FAILED');
    expect(domainErrorOf(() => jsonBody(post(''), Action)).code).toBe('VALIDATION_FAILED');
  });

  it('answers an oversize body with 413 before looking at its type, and malformed JSON with 400', () => {
    expect(httpStatusOf(domainErrorOf(() => jsonBody(post('x'.repeat(70_000), 'text/plain'), Action)))).toBe(413);
    expect(domainErrorOf(() => jsonBody(post('{"type":', 'application/json'), Action)).code).toBe('MALFORMED_JSON');
  });
});
