import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../tests/support/domain-error.ts';
import { httpStatusOf } from './http.ts';
import {
  canonicalJson,
  idempotencyKeyOf,
  KEY_TTL_SECONDS,
  keyedRequest,
  keyRecord,
  keyRecordPut,
  liveRecord,
  recordInTheWay,
  replayOf,
} from './idempotency-key.ts';
import { json } from './http.ts';

const withKey = (key: string | undefined) => ({ headers: key === undefined ? {} : { 'idempotency-key': key } });
const now = new Date('2026-11-23T02:15:00.000Z');
const body = { procedureCode: '1.001612', applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' }, documents: [{ code: 'GDN_HKD' }] };

describe('the Idempotency-Key header', () => {
  it('is optional, and taken as sent when it is 1–255 visible ASCII characters', () => {
    expect(idempotencyKeyOf(withKey(undefined))).toBeNull();
    expect(idempotencyKeyOf({ headers: undefined } as never)).toBeNull();
    expect(idempotencyKeyOf(withKey('3f1c2a9e-7b4d-4e0a-9c55-0d6f1b2e8a71'))).toBe('3f1c2a9e-7b4d-4e0a-9c55-0d6f1b2e8a71');
    expect(idempotencyKeyOf(withKey('k'.repeat(255)))).toHaveLength(255);
    expect(idempotencyKeyOf(withKey('a/b+c=~!'))).toBe('a/b+c=~!');
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['blank', '   ', 'visible ASCII'],
    ['too long', 'k'.repeat(256), 'at most 255'],
    ['with a control character', 'key\u0007one', 'visible ASCII'],
    ['with a tab', 'key\tone', 'visible ASCII'],
    ['not ASCII', 'khóa-một', 'visible ASCII'],
  ])('is a 400 when %s, naming the header but not echoing the value', (_case, key, issue) => {
    const error = domainErrorOf(() => idempotencyKeyOf(withKey(key)));
    expect(httpStatusOf(error)).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([expect.objectContaining({ path: 'idempotency-key', issue: expect.stringContaining(issue) })]);
    if (key.trim()) expect(JSON.stringify(error.toBody())).not.toContain(key.slice(0, 8));
  });
});

describe('a keyed request', () => {
  it('is the same request whatever the order of the body’s fields', () => {
    const reordered = { documents: [{ code: 'GDN_HKD' }], applicant: { phone: '0912345678', fullName: 'Nguyễn Văn An' }, procedureCode: '1.001612' };
    expect(keyedRequest('POST /dossiers', 'k-1', 'H38.22', reordered)).toEqual(keyedRequest('POST /dossiers', 'k-1', 'H38.22', body));
  });

  it('is another request with another body, or from another requester', () => {
    const first = keyedRequest('POST /dossiers', 'k-1', 'H38.22', body);
    const otherBody = keyedRequest('POST /dossiers', 'k-1', 'H38.22', { ...body, applicant: { ...body.applicant, phone: '0912345679' } });
    const otherAgency = keyedRequest('POST /dossiers', 'k-1', 'H38.23', body);
    expect(otherBody.id).toBe(first.id);
    expect(otherBody.fingerprint).not.toBe(first.fingerprint);
    expect(otherAgency.id).toBe(first.id);
    expect(otherAgency.fingerprint).not.toBe(first.fingerprint);
  });

  it('keeps keys of different routes apart, and the body out of the record’s id', () => {
    const request = keyedRequest('POST /dossiers', 'k-1', 'H38.22', body);
    expect(request.id).toBe('POST /dossiers#k-1');
    expect(keyedRequest('POST /shipments', 'k-1', 'H38.22', body).id).not.toBe(request.id);
    expect(request.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares JSON values, not their text: keys sorted at every level, arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('the key’s record', () => {
  const request = keyedRequest('POST /dossiers', 'k-1', 'H38.22', body);
  const first = json(201, { code: 'H38.22-261123-0001', dueAt: '2026-11-26T10:00:00.000Z' }, { location: '/dossiers/H38.22-261123-0001' });
  const record = keyRecord(request, first, now);

  it('keeps the response exactly as sent, for 24 hours', () => {
    expect(record).toEqual({
      id: request.id,
      fingerprint: request.fingerprint,
      response: { statusCode: 201, headers: first.headers, body: first.body },
      expiration: now.getTime() / 1000 + KEY_TTL_SECONDS,
    });
  });

  it('answers the same request with the first response, byte for byte, marked as replayed', () => {
    const replay = replayOf(record, keyedRequest('POST /dossiers', 'k-1', 'H38.22', structuredClone(body)));
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(first.body);
    expect(replay.headers).toEqual({ ...first.headers, 'idempotent-replayed': 'true' });
  });

  it('refuses another request under the same key with 422', () => {
    const error = domainErrorOf(() => replayOf(record, keyedRequest('POST /dossiers', 'k-1', 'H38.23', body)));
    expect(httpStatusOf(error)).toBe(422);
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('counts as absent once expired, though TTL has not removed it yet', () => {
    expect(liveRecord(record as never, now)).toEqual(record);
    expect(liveRecord(record as never, new Date(now.getTime() + (KEY_TTL_SECONDS - 1) * 1000))).toEqual(record);
    expect(liveRecord(record as never, new Date(now.getTime() + KEY_TTL_SECONDS * 1000))).toBeUndefined();
    expect(liveRecord(undefined, now)).toBeUndefined();
  });

  it('is put only where no live record holds the key, and returns the one in the way', () => {
    const { Put } = keyRecordPut('Idempotency', record, now);
    expect(Put).toMatchObject({ TableName: 'Idempotency', Item: record, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
    expect(Put.ConditionExpression).toBe('attribute_not_exists(id) OR #expiration <= :now');
    expect(Put.ExpressionAttributeValues).toEqual({ ':now': now.getTime() / 1000 });
  });

  it('is read back from a cancelled transaction only when its own condition failed', () => {
    const cancelled = (reasons: CancellationReason[]) =>
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: reasons });
    expect(recordInTheWay(cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: marshall(record) }]), 2)).toEqual(record);
    expect(recordInTheWay(cancelled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }]), 2)).toBeUndefined();
    expect(recordInTheWay(cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }]), 2)).toBeUndefined();
  });
});
