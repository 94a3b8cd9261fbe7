import type { DomainEventType } from '../../libs/events/catalog.ts';

/**
 * The bus events survey acts on: the citizen's messages (received with the appointment,
 * supplement requested, result ready, refused, apology with a new appointment) and the
 * satisfaction survey once the result is returned at the counter or delivered by post.
 * Read by its SNS subscription's filter policy and, once the service is built, by its parser.
 */
export const SURVEY_CONSUMES = [
  'DossierReceived',
  'DossierSupplementRequested',
  'DossierResolved',
  'DossierRefused',
  'DossierExtended',
  'DossierResultReturned',
  'ShipmentDelivered',
] as const satisfies readonly DomainEventType[];
