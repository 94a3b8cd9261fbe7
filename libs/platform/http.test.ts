import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { YearNotSupportedError } from '../calendar/holidays.ts';
import { ApiError } from './errors.ts';
import { httpHandler, type HttpEvent } from './http.ts';

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
