import type { DomainEventType } from '../../libs/events/catalog.ts';
import { INTAKE_CONSUMES } from '../../services/intake/consumes.ts';
import { POSTAL_CONSUMES } from '../../services/postal/consumes.ts';
import { REPORTING_CONSUMES } from '../../services/reporting/consumes.ts';
import { SURVEY_CONSUMES } from '../../services/survey/consumes.ts';

/** Every consumer of the bus and the event types it declared (each in its own service's `consumes.ts`). */
export const CONSUMES: Record<'intake' | 'postal' | 'survey' | 'reporting', readonly DomainEventType[]> = {
  intake: INTAKE_CONSUMES,
  postal: POSTAL_CONSUMES,
  survey: SURVEY_CONSUMES,
  reporting: REPORTING_CONSUMES,
};
export type Consumer = keyof typeof CONSUMES;
export const CONSUMERS = Object.keys(CONSUMES) as Consumer[];
