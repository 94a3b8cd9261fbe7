import { deadlineClock, type DeadlineClock } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { officeHoursOf, type Agency } from '../domain/catalog.ts';
import { CatalogRepository } from './catalog-repository.ts';
import { DossierRepository } from './dossier-repository.ts';
import { INTAKE_ENV } from './environment.ts';

/** The intake service's adapters, built once per execution environment from its environment. */
export const catalog = () => new CatalogRepository(documentClient, requiredEnv(INTAKE_ENV.catalogTable));

export const dossiers = () =>
  new DossierRepository(documentClient, {
    dossiers: requiredEnv(INTAKE_ENV.dossiersTable),
    // Each function is given only the tables it uses (infra/services/intake.ts).
    history: process.env[INTAKE_ENV.historyTable],
    idempotency: process.env[INTAKE_ENV.idempotencyTable],
  });

/** An agency's deadline clock: Vietnam's announced and computed holidays, the agency's office hours. */
export const clockOf = (agency: Agency): DeadlineClock => deadlineClock(vietnamCalendar, officeHoursOf(agency));
