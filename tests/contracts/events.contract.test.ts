import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CONSUMERS, CONSUMES } from '../../infra/services/consumers.ts';
import { DOMAIN_EVENT_TYPES, DomainEvent, eventsOf, parseDomainEvent, PRODUCER_OF, schemaOf, type DomainEventType } from '../../libs/events/catalog.ts';
import { frozenEvents, type FrozenEvent } from './frozen-events.ts';
import { isDataPlace, mutationsOf, placesOf } from './mutations.ts';

/**
 * The bus's compatibility contract: the frozen example events (tests/contracts/events, see the
 * README there) against today's catalog. Old events stay in outboxes and queues and are
 * replayed, and consumers were written against them: the catalog must keep reading them
 * exactly, and must keep refusing what they show to be wrong.
 */

const frozen = frozenEvents();
const byFile = frozen.map((example) => [example.file, example] as const);
const isDomainEventType = (type: string): type is DomainEventType => (DOMAIN_EVENT_TYPES as string[]).includes(type);
const versionsOf = (type: DomainEventType): unknown[] => [...schemaOf(type).shape.version.values];

/** Accepted by the bus's parser or by the type's own schema. */
function accepted(example: FrozenEvent, event: unknown): boolean {
  return DomainEvent.safeParse(event).success || (isDomainEventType(example.type) && schemaOf(example.type).safeParse(event).success);
}

/** The places a JSON Schema declares (`data.closedLeg.leg`, `data.missing[]`). */
function declaredPlaces(schema: z.core.JSONSchema.JSONSchema, place = ''): string[] {
  const join = (key: string) => (place ? `${place}.${key}` : key);
  const nested = Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
    typeof property === 'object' ? [join(key), ...declaredPlaces(property, join(key))] : [join(key)],
  );
  const branches = (schema.anyOf ?? []).flatMap((branch) => declaredPlaces(branch, place));
  const items = schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items) ? [`${place}[]`, ...declaredPlaces(schema.items, `${place}[]`)] : [];
  return [...nested, ...branches, ...items];
}

describe('frozen example events', () => {
  it('exist', () => {
    expect(frozen.length).toBeGreaterThan(0);
  });

  it.each(byFile)('%s sits under its producer and is named for its type and version', (_, example) => {
    const { type, version } = example.event;
    expect({ producer: example.producer, type, version }).toEqual({
      producer: isDomainEventType(example.type) ? PRODUCER_OF[example.type] : '(a type the catalog knows)',
      type: example.type,
      version: example.version,
    });
  });

  // Unchanged, not merely accepted: zod drops keys it does not know, so a field removed from a
  // schema would vanish here without an error.
  it.each(byFile)('%s still parses, unchanged, with the catalog and with its own schema', (_, example) => {
    expect(parseDomainEvent(example.event)).toStrictEqual(example.event);
    expect(isDomainEventType(example.type) && schemaOf(example.type).parse(example.event)).toStrictEqual(example.event);
  });

  it('cover every event type of the catalog at its current version', () => {
    const missing = DOMAIN_EVENT_TYPES.flatMap((type) =>
      versionsOf(type)
        .filter((version) => !frozen.some((example) => example.type === type && example.version === version))
        .map((version) => `${type}.v${String(version)}`),
    );
    expect(missing, 'add a frozen example for each (tests/contracts/README.md)').toEqual([]);
  });

  it('show every field each schema declares, optional ones included (envelope fields in any example, data fields in one of that type)', () => {
    const shownBy = (examples: FrozenEvent[]) => new Set(examples.flatMap((example) => [...placesOf(example.event)]));
    const anywhere = shownBy(frozen);
    const missing = DOMAIN_EVENT_TYPES.flatMap((type) => {
      const ofType = shownBy(frozen.filter((example) => example.type === type));
      return declaredPlaces(z.toJSONSchema(schemaOf(type), { io: 'input' }))
        .filter((place) => !(isDataPlace(place) ? ofType : anywhere).has(place))
        .map((place) => `${type}: ${place}`);
    });
    expect(missing, 'a field added in place needs a new frozen example showing it').toEqual([]);
  });
});

describe('compatibility: removing a field the examples always carry, or changing a type, is refused', () => {
  it.each(byFile)('%s: no generated mutation parses', (_, example) => {
    const mutations = mutationsOf(example, frozen);
    expect(mutations.some((mutation) => mutation.description.startsWith('remove '))).toBe(true);
    expect(mutations.some((mutation) => mutation.description.includes(' → '))).toBe(true);
    expect(mutations.filter((mutation) => accepted(example, mutation.event)).map((mutation) => mutation.description)).toEqual([]);
  });

  // The check above passes only if it can fail: the same mutations against loosened schemas.
  it('catches a schema that coerces a type or makes required fields optional', () => {
    const example = frozen.find((candidate) => candidate.file === 'intake/DossierTransferred.v1.json')!;
    const schema = schemaOf('DossierTransferred');
    const coercing = schema.extend({ sequence: z.coerce.number().int().positive(), data: schema.shape.data.extend({ leg: z.coerce.number().int().positive() }) });
    const lenient = schema.extend({ data: schema.shape.data.partial() });
    const survivors = (loose: z.ZodType) =>
      mutationsOf(example, frozen)
        .filter((mutation) => loose.safeParse(mutation.event).success)
        .map((mutation) => mutation.description);

    expect(survivors(schema)).toEqual([]);
    expect(survivors(coercing)).toEqual(expect.arrayContaining(['sequence: number → string', 'data.leg: number → string']));
    expect(survivors(lenient)).toEqual(expect.arrayContaining(['remove data.status', 'remove data.fromAgency', 'remove data.toAgency', 'remove data.leg']));
  });
});

describe("consumers' parsers (eventsOf their declared types)", () => {
  it.each(CONSUMERS)('%s accepts exactly the examples of the types it declares', (consumer) => {
    const declared: readonly string[] = CONSUMES[consumer];
    const parser = eventsOf(CONSUMES[consumer]);
    expect(frozen.filter((example) => parser.safeParse(example.event).success).map((example) => example.file)).toEqual(
      frozen.filter((example) => declared.includes(example.type)).map((example) => example.file),
    );
  });
});
