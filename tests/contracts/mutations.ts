import type { FrozenEvent } from './frozen-events.ts';

/**
 * Breaking changes to a frozen event, generated from the frozen examples themselves (never
 * from today's schema, which is what they check): every field the examples always carry is
 * removed in turn, and every value is replaced by one of each JSON type the examples never
 * show at that place. A catalog that still accepts one of these has loosened the contract
 * consumers were written against — a field made optional, a number coerced from a string.
 *
 * What the examples show is read per scope: envelope fields across every example (every event
 * shares the envelope), `data` fields across the examples of the same type and version. So a
 * field is optional in the contract exactly when some example in its scope leaves it out.
 * `null` is not among the replacements: making a field nullable in place goes unnoticed here.
 */

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
type Segment = string | number;

export interface Mutation {
  /** e.g. `remove data.closedLeg.leg`, `sequence: number → string`. */
  readonly description: string;
  readonly event: unknown;
}

/** What one example shows: the keys of each object, and the type of each value, by place. */
interface Shape {
  /** Place (`data.closedLeg`, `data.missing[]`; `` for the root) → the key sets of the objects there. */
  readonly keySets: Map<string, Set<string>[]>;
  /** Place → the JSON types of the values there. */
  readonly types: Map<string, Set<JsonType>>;
}

const jsonTypeOf = (value: unknown): JsonType => (value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType));
const child = (place: string, key: string) => (place ? `${place}.${key}` : key);

/** Whether a place belongs to `data` (read per type and version) rather than to the shared envelope. */
export const isDataPlace = (place: string): boolean => place === 'data' || place.startsWith('data.');

function shapeOf(value: unknown): Shape {
  const shape: Shape = { keySets: new Map(), types: new Map() };
  const visit = (node: unknown, place: string) => {
    shape.types.set(place, (shape.types.get(place) ?? new Set()).add(jsonTypeOf(node)));
    if (Array.isArray(node)) {
      for (const item of node) visit(item, `${place}[]`);
    } else if (node !== null && typeof node === 'object') {
      shape.keySets.set(place, [...(shape.keySets.get(place) ?? []), new Set(Object.keys(node))]);
      for (const [key, item] of Object.entries(node)) visit(item, child(place, key));
    }
  };
  visit(value, '');
  return shape;
}

/** Every place a value appears in an example (`data.closedLeg.leg`, `data.missing[]`). */
export function placesOf(value: unknown): Set<string> {
  return new Set([...shapeOf(value).types.keys()].filter(Boolean));
}

/** A replacement of each other JSON type, chosen close to the original (a number written as a string). */
const REPLACEMENTS: Record<Exclude<JsonType, 'null'>, (value: unknown) => unknown> = {
  string: (value) => (typeof value === 'object' ? JSON.stringify(value) : String(value)),
  number: (value) => {
    if (typeof value === 'boolean') return Number(value);
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
    return 1;
  },
  boolean: () => true,
  object: (value) => ({ value }),
  array: (value) => [value],
};

function mutated(event: unknown, path: readonly Segment[], change: { remove: true } | { value: unknown }): unknown {
  const copy = structuredClone(event) as Record<Segment, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<Segment, unknown>;
  const last = path.at(-1)!;
  if ('remove' in change) delete node[last];
  else node[last] = change.value;
  return copy;
}

const describePath = (path: readonly Segment[]) => path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i ? `.${segment}` : segment)).join('');

/** The breaking mutations of one frozen example, judged against all of them (`frozen` includes `target`). */
export function mutationsOf(target: FrozenEvent, frozen: readonly FrozenEvent[]): Mutation[] {
  const shapes = frozen.map((example) => ({ example, shape: shapeOf(example.event) }));
  const scope = (place: string) => {
    return shapes.filter(({ example }) => !isDataPlace(place) || (example.type === target.type && example.version === target.version)).map(({ shape }) => shape);
  };
  const optional = (parent: string, key: string) => scope(child(parent, key)).some((shape) => shape.keySets.get(parent)?.some((keys) => !keys.has(key)));
  const typesAt = (place: string) => new Set(scope(place).flatMap((shape) => [...(shape.types.get(place) ?? [])]));

  const mutations: Mutation[] = [];
  const visit = (node: unknown, path: Segment[], place: string) => {
    if (path.length) {
      const shown = typesAt(place);
      for (const [type, replace] of Object.entries(REPLACEMENTS)) {
        if (shown.has(type as JsonType)) continue;
        mutations.push({ description: `${describePath(path)}: ${jsonTypeOf(node)} → ${type}`, event: mutated(target.event, path, { value: replace(node) }) });
      }
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index], `${place}[]`));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (!optional(place, key)) mutations.push({ description: `remove ${describePath([...path, key])}`, event: mutated(target.event, [...path, key], { remove: true }) });
        visit(item, [...path, key], child(place, key));
      }
    }
  };
  visit(target.event, [], '');
  return mutations;
}
