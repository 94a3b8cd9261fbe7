import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { invokedHandler, MalformedRequest } from './batch.ts';

const context = {
  functionName: 'Motcua-Api-IntakeReadDeliveryFacts',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:Motcua-Api-IntakeReadDeliveryFacts',
  memoryLimitInMB: '1024',
  awsRequestId: '6c1d1a0e-3f7b-4c55-9d0e-2b8a7f3e9c41',
  logGroupName: '/aws/lambda/Motcua-Api-IntakeReadDeliveryFacts',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
} as Context;

const Request = z.strictObject({ dossierCode: z.string().min(1), purpose: z.enum(['survey']) });
const handler = invokedHandler(Request, async (request) => ({ asked: request }));

describe('a function invoked directly', () => {
  it('answers what its handling returns, given the parsed request', async () => {
    await expect(handler({ dossierCode: 'H38.22-261120-0031', purpose: 'survey' }, context)).resolves.toEqual({ asked: { dossierCode: 'H38.22-261120-0031', purpose: 'survey' } });
  });

  it.each([
    ['a field missing', { purpose: 'survey' }, /dossierCode/],
    ['a value out of its set', { dossierCode: 'H38.22-261120-0031', purpose: 'marketing' }, /purpose/],
    ['a field of its own', { dossierCode: 'H38.22-261120-0031', purpose: 'survey', phone: '0912345678' }, /\(body\)/],
    ['not an object', 'H38.22-261120-0031', /\(body\)/],
  ])('throws a MalformedRequest naming the field, never the value, for %s', async (_, request, field) => {
    const failure = handler(request, context);
    await expect(failure).rejects.toBeInstanceOf(MalformedRequest);
    await expect(failure).rejects.toThrow(field);
    await expect(failure).rejects.not.toThrow(/marketing|0912345678/);
  });
});
