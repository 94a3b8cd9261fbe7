import { deadlineClock, type DeadlineClock } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { officeHoursOf, type Agency } from '../domain/catalog.ts';
import { CatalogRepository } from './catalog-repository.ts';
import { DossierRepository } from './dossier-repository.ts';

/** The intake service's adapters, built once per execution environment from its environment. */
export const catalog = () => new CatalogRepository(documentClient, requiredEnv('CATALOG_TABLE'));

export const dossiers = () =>
  new DossierRepository(documentClient, {
    dossiers: requiredEnv('DOSSIERS_TABLE'),
    history: requiredEnv('HISTORY_TABLE'),
    idempotency: requiredEnv('IDEMPOTENCY_TABLE'),
  });

/** An agency's deadline clock: Vietnam's announced and computed holidays, the agency's office hours. */
export const clockOf = (agency: Agency): DeadlineClock => deadlineClock(vietnamCalendar, officeHoursOf(agency));
