/**
 * The environment variables reporting's handlers read, named once: the CDK construct binds
 * resources under these names (infra/services/reporting.ts) and the adapters read them.
 */
export const REPORTING_ENV = {
  table: 'REPORTING_TABLE',
} as const;
