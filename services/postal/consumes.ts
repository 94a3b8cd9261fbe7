import type { DomainEventType } from '../../libs/events/catalog.ts';

/**
 * The bus events postal acts on: a postal-channel dossier received (an inbound pickup)
 * and a resolved dossier whose result goes by post (a shipment). Read by its SNS
 * subscription's filter policy and, once the service is built, by its parser.
 */
export const POSTAL_CONSUMES = ['DossierReceived', 'DossierResolved'] as const satisfies readonly DomainEventType[];
