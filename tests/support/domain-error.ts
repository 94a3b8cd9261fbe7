import { DomainError } from '../../libs/platform/errors.ts';

/** The DomainError a call throws; fails the test if it throws something else or nothing. */
export function domainErrorOf(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}
