/** A start-up problem the user can fix; printed as one line, exit code 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}
