/**
 * The environment variables intake's handlers read, named once: the CDK construct binds
 * resources under these names (infra/services/intake.ts) and the adapters read them.
 */
export const INTAKE_ENV = {
  dossiersTable: 'DOSSIERS_TABLE',
  historyTable: 'HISTORY_TABLE',
  catalogTable: 'CATALOG_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  dueSoonWorkingDays: 'DUE_SOON_WORKING_DAYS',
  dueSoonOfficeHours: 'DUE_SOON_OFFICE_HOURS',
} as const;
