import { ApiError } from '../../libs/platform/errors.ts';

/** The ApiError a call throws; fails the test if it throws something else or nothing. */
export function apiErrorOf(call: () => unknown): ApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError, but the call succeeded');
}
