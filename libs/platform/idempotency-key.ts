import { createHash } from 'node:crypto';
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { DomainError } from './errors.ts';
import type { HttpEvent, HttpResult } from './http.ts';
import { parseOrThrow } from './validation.ts';

/**
 * Exactly-once creation under an `Idempotency-Key` header. The key's record holds the
 * answer and is written in the same transaction as what the request created, so the
 * two exist together or not at all: a crash can lose the answer, never split it from
 * the creation, and a retry then either finds the record or creates for the first time.
 * There is no "in progress" record, hence nothing to expire before a retry may run.
 */

/** How long a key is remembered; DynamoDB's TTL (attribute `expiration`) removes it later. */
export const KEY_TTL_SECONDS = 24 * 3600;
export const MAX_KEY_LENGTH = 255;
/** Set on a response answered from a key's record rather than by running the request. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The `Idempotency-Key` header (headers arrive lower-cased). */
export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`)
    .regex(/^[\x21-\x7e]*$/, 'must be visible ASCII characters only, without spaces (a UUID is best)')
    .optional(),
});

/** The request's key, or null without the header; an empty, overlong or non-printable key is a 400. */
export function idempotencyKeyOf(event: Pick<HttpEvent, 'headers'>): string | null {
  return parseOrThrow(IdempotencyKeyHeader, event.headers ?? {}, 'headers')['idempotency-key'] ?? null;
}

/** A request under a key: the record's id and a fingerprint of who asked for what. */
export interface KeyedRequest {
  readonly id: string;
  readonly fingerprint: string;
}

/**
 * Keys are global per route, not per caller: a key reused by another caller (`requester`,
 * e.g. the officer's agency) or with another body is refused, not run a second time. The
 * body is the validated request, compared as JSON whatever the key order.
 */
export function keyedRequest(route: string, key: string, requester: string, body: unknown): KeyedRequest {
  return { id: `${route}#${key}`, fingerprint: createHash('sha256').update(canonicalJson([requester, body])).digest('hex') };
}

/** JSON with every object's keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  /** The body exactly as first sent, so a replay is byte-identical. */
  readonly body: string;
}

/** The item kept in the idempotency table (partition key `id`). */
export interface KeyRecord extends KeyedRequest {
  readonly response: StoredResponse;
  /** Epoch seconds; DynamoDB's TTL attribute. */
  readonly expiration: number;
}

export function keyRecord(request: KeyedRequest, response: HttpResult, now: Date): KeyRecord {
  return {
    id: request.id,
    fingerprint: request.fingerprint,
    response: { statusCode: response.statusCode ?? 200, headers: stringHeaders(response.headers), body: response.body ?? '' },
    expiration: epochSeconds(now) + KEY_TTL_SECONDS,
  };
}

/** A stored item as a record, unless TTL has not removed it yet although it expired. */
export function liveRecord(item: Record<string, unknown> | undefined, now: Date): KeyRecord | undefined {
  const record = item as KeyRecord | undefined;
  return record && record.expiration > epochSeconds(now) ? record : undefined;
}

/** The answer a request gets from its key's record: the stored response, or 422 if it asks something else. */
export function replayOf(record: KeyRecord, request: KeyedRequest): HttpResult {
  if (record.fingerprint !== request.fingerprint) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key này đã được dùng cho một yêu cầu khác',
      'This Idempotency-Key was already used for a different request',
    );
  }
  const { statusCode, headers, body } = record.response;
  return { statusCode, headers: { ...headers, [REPLAYED_HEADER]: 'true' }, body };
}

/** The record's Put for a TransactWriteItems: it fails while a live record holds the key. */
export function keyRecordPut(tableName: string, record: KeyRecord, now: Date) {
  return {
    Put: {
      TableName: tableName,
      Item: record,
      ConditionExpression: 'attribute_not_exists(id) OR #expiration <= :now',
      ExpressionAttributeNames: { '#expiration': 'expiration' },
      ExpressionAttributeValues: { ':now': epochSeconds(now) },
      // The record in the way comes back with the cancellation: no second read to answer.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

/** Another request with the same key saved its creation first; `record` holds its answer. */
export class KeyAlreadyRecorded extends Error {
  readonly record: KeyRecord;

  constructor(record: KeyRecord) {
    super('The Idempotency-Key was recorded by another request meanwhile');
    this.name = 'KeyAlreadyRecorded';
    this.record = record;
  }
}

/** The record that cancelled a transaction at `index` (where its keyRecordPut was), if it did. */
export function recordInTheWay(error: TransactionCanceledException, index: number): KeyRecord | undefined {
  const reason = error.CancellationReasons?.[index];
  return reason?.Code === 'ConditionalCheckFailed' && reason.Item ? (unmarshall(reason.Item) as KeyRecord) : undefined;
}

function stringHeaders(headers: HttpResult['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
