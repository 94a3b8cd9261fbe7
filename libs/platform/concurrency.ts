import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Another writer changed an item between our read and our conditional write. The caller reads
 * again and decides again (a consumer retries at once, then lets the message come back).
 */
export class ConcurrentChange extends Error {
  constructor(what: string) {
    super(`${what} was changed concurrently; retry`);
    this.name = 'ConcurrentChange';
  }
}

/** A cancelled transaction lost a race: our condition failed, or another transaction was writing the same item. */
export function lostRace(error: unknown): boolean {
  return error instanceof TransactionCanceledException && !!error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict');
}
