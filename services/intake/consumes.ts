import type { DomainEventType } from '../../libs/events/catalog.ts';

/**
 * The bus events intake acts on. Read by its SNS subscription's filter policy
 * (infra/services/intake.ts) and by its queue consumer's parser: one list, so the
 * queue receives exactly what the handler accepts.
 */
export const INTAKE_CONSUMES = ['ShipmentDelivered', 'ShipmentDeliveryFailed'] as const satisfies readonly DomainEventType[];
