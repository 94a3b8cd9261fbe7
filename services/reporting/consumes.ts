import { DOMAIN_EVENT_TYPES } from '../../libs/events/catalog.ts';

/**
 * Reporting counts every event of every producer. Read by its SNS subscription's filter
 * policy and, once the service is built, by its parser.
 */
export const REPORTING_CONSUMES = DOMAIN_EVENT_TYPES;
