import * as z from 'zod';
import type { Producer } from './envelope.ts';
import { INTAKE_EVENTS, type IntakeEvent, type IntakeEventType } from './intake.ts';
import { POSTAL_EVENTS, type PostalEvent, type PostalEventType } from './postal.ts';
import { SURVEY_EVENTS, type SurveyEvent, type SurveyEventType } from './survey.ts';

/**
 * Every event on the bus: the union of the producers' catalogs. Each producer owns its
 * own file (`intake.ts`, `postal.ts`, `survey.ts`); this one only gathers them, so that the publisher,
 * the replay command, consumers' parsers and the AsyncAPI document read one list.
 */

export { Actor } from './envelope.ts';
export type { Actor as ActorType, Producer } from './envelope.ts';
export { DossierStatus, DOSSIER_STATUS_CODES, type EventData, type IntakeEvent, type IntakeEventType } from './intake.ts';

const SCHEMAS = { ...INTAKE_EVENTS, ...POSTAL_EVENTS, ...SURVEY_EVENTS };

export type DomainEventType = IntakeEventType | PostalEventType | SurveyEventType;
export type DomainEvent = IntakeEvent | PostalEvent | SurveyEvent;
export const DOMAIN_EVENT_TYPES = Object.keys(SCHEMAS) as DomainEventType[];

/** Which service produces each event type (the `source` message attribute on the bus). */
export const PRODUCER_OF: Record<DomainEventType, Producer> = Object.fromEntries([
  ...Object.keys(INTAKE_EVENTS).map((type) => [type, 'intake']),
  ...Object.keys(POSTAL_EVENTS).map((type) => [type, 'postal']),
  ...Object.keys(SURVEY_EVENTS).map((type) => [type, 'survey']),
]) as Record<DomainEventType, Producer>;

/** The schema of one event type. */
export function schemaOf<T extends DomainEventType>(type: T): (typeof SCHEMAS)[T] {
  return SCHEMAS[type];
}

/** Any event of the bus, by its `type`. */
export const DomainEvent = z.discriminatedUnion(
  'type',
  Object.values(SCHEMAS) as unknown as [(typeof SCHEMAS)[DomainEventType], ...(typeof SCHEMAS)[DomainEventType][]],
);

/** The events of the given types only: what a consumer's parser accepts. */
export function eventsOf<const T extends DomainEventType>(types: readonly T[]) {
  return z.discriminatedUnion('type', types.map((type) => SCHEMAS[type]) as unknown as [(typeof SCHEMAS)[T], ...(typeof SCHEMAS)[T][]]);
}

/** Parses and validates an event, typed by its own type (the schema's inferred union is wider). */
export function parseDomainEvent(value: unknown): DomainEvent {
  return DomainEvent.parse(value) as DomainEvent;
}
