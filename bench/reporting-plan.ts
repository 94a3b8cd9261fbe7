import { vietnamCalendar } from '../libs/calendar/holiday-data.ts';
import { dateOfDayNumber, dayNumberOf, instantOfLocal, isoDateOf } from '../libs/calendar/working-days.ts';
import type { DomainEvent } from '../libs/events/catalog.ts';
import procedures from '../services/intake/data/procedures.json' with { type: 'json' };
import tree from '../services/reporting/data/agency-tree.json' with { type: 'json' };
import { lifeOf } from '../services/reporting/domain/fixtures.ts';
import { prng } from './prng.ts';

/**
 * The pure parts of `npm run bench:reporting` (bench/reporting.ts): a province's year of dossiers
 * as valid bus events, generated from a seed, and the count of items a DynamoDB answer returned.
 *
 * The histories are plausible, not a model of any real province: dossiers are received on working
 * days (the Vietnamese calendar) in office hours at an agency of the demo tree in force that day
 * (services/reporting/data/agency-tree.json: districts before 07/2025, communes after), for a
 * procedure of the catalog weighted by level, online, at the counter or by post. Some are refused,
 * some wait for a supplement (a few twice), some are extended or go overdue and end late; most
 * are returned, postal returns are delivered, and about a third of the returned are rated.
 * Deadlines add working days (or hours, within the day) without office-hour arithmetic: reporting
 * never recomputes them, the verdict travels in `DossierResolved`.
 */

type Level = 'commune' | 'district' | 'province';
const LEVEL_WEIGHT: Record<Level, number> = { commune: 6, district: 2, province: 1 };
const WEIGHTED_PROCEDURES = procedures.flatMap((p) => Array<(typeof procedures)[number]>(LEVEL_WEIGHT[p.level as Level]).fill(p));

/** The agencies of a level in force on a local date, by the reporting tree. */
export function agenciesOn(isoDate: string, level: 'commune' | 'district' | 'provincial-centre'): string[] {
  return tree.agencies.filter((a) => a.level === level && a.validFrom <= isoDate && (!('validTo' in a) || isoDate < a.validTo!)).map((a) => a.code);
}

/** Where a dossier of a procedure of `level` is received on `isoDate`: at its level if that exists then, else below it, else at the provincial centre. */
function receiverOf(level: Level, receivingLevels: readonly string[], isoDate: string, random: () => number): string {
  const pick = (codes: string[]) => codes[Math.floor(random() * codes.length)]!;
  if (level === 'province') return pick(agenciesOn(isoDate, 'provincial-centre'));
  const districts = agenciesOn(isoDate, 'district');
  if (level === 'district' && districts.length) return pick(districts);
  if (level === 'commune' || receivingLevels.includes('commune')) return pick(agenciesOn(isoDate, 'commune'));
  return pick(agenciesOn(isoDate, 'provincial-centre'));
}

const isWorkingDay = (day: number) => vietnamCalendar.isWorkingDay(dateOfDayNumber(day));
function addWorkingDays(day: number, n: number): number {
  let d = day;
  for (let left = n; left > 0; ) if (isWorkingDay(++d)) left -= 1;
  return d;
}
const at = (day: number, minute: number) => instantOfLocal(day, minute).toISOString();
const OPENS = 7 * 60 + 30;
const CLOSES = 17 * 60;

/** The working days of a year, as day numbers. */
export function workingDaysOf(year: number): number[] {
  const days: number[] = [];
  for (let d = dayNumberOf({ year, month: 1, day: 1 }); d < dayNumberOf({ year: year + 1, month: 1, day: 1 }); d += 1) if (isWorkingDay(d)) days.push(d);
  return days;
}

/**
 * Dossier `index`'s life in `year`, as the events its producers would have published, in order.
 * `random` decides everything but the event ids (random UUIDs, as lifeOf gives them).
 */
export function dossierEvents(prefix: string, index: number, days: readonly number[], random: () => number): DomainEvent[] {
  const procedure = WEIGHTED_PROCEDURES[Math.floor(random() * WEIGHTED_PROCEDURES.length)]!;
  const day = days[Math.floor(random() * days.length)]!;
  const minute = OPENS + Math.floor(random() * (CLOSES - OPENS));
  const isoDate = isoDateOf(dateOfDayNumber(day));
  const agency = receiverOf(procedure.level as Level, procedure.receivingLevels, isoDate, random);
  const r = random();
  const channel = r < 0.45 ? 'online' : r < 0.95 ? 'counter' : 'postal';
  // Hours within the day, or the next working day at the same minute past the closing time.
  const limit = procedure.timeLimit.unit === 'workingHours' ? (minute + procedure.timeLimit.value * 60 <= CLOSES ? 0 : 1) : procedure.timeLimit.value;
  let dueDay = addWorkingDays(day, limit);
  const dueMinute = procedure.timeLimit.unit === 'workingHours' && limit === 0 ? minute + procedure.timeLimit.value * 60 : Math.min(minute, CLOSES - 1);
  // Each event at least a minute after the one before (a return the same minute it was resolved, say, is pushed on).
  let last = 0;
  const next = (d: number, m: number) => {
    last = Math.max(instantOfLocal(d, m).getTime(), last + 60_000);
    return new Date(last).toISOString();
  };
  const life = lifeOf({ code: `${prefix}${String(index).padStart(7, '0')}`, agency, procedure: procedure.code, channel, receivedAt: next(day, minute), dueAt: at(dueDay, dueMinute) }).received();

  if (random() < 0.03) return life.refused(next(day, Math.min(minute + 60, CLOSES))).events;
  let clockDay = day;
  let supplements = random() < 0.1 ? (random() < 0.15 ? 2 : 1) : 0;
  while (supplements-- > 0) {
    life.supplementRequested(next(clockDay, Math.min(minute + 90, CLOSES)));
    if (random() < 0.2) return life.events; // still waiting for the citizen
    const back = addWorkingDays(clockDay, 1 + Math.floor(random() * 4));
    dueDay = addWorkingDays(dueDay, back - clockDay);
    clockDay = back;
    life.supplementReceived(next(back, OPENS + 30), at(dueDay, dueMinute));
  }
  const v = random();
  let resolvedDay: number;
  let verdict: 'early' | 'on-time' | 'late';
  if (v < 0.03) {
    // An apology and a new appointment, then kept.
    const extendedTo = addWorkingDays(dueDay, 5);
    life.extended(next(dueDay, Math.max(dueMinute - 60, OPENS)), at(extendedTo, dueMinute));
    dueDay = extendedTo;
    [resolvedDay, verdict] = [dueDay, 'on-time'];
  } else if (v < 0.09) {
    life.overdue(next(dueDay, Math.min(dueMinute + 1, 24 * 60 - 1)));
    [resolvedDay, verdict] = [addWorkingDays(dueDay, 1 + Math.floor(random() * 5)), 'late'];
  } else if (v < 0.38 || dueDay === clockDay) {
    [resolvedDay, verdict] = [dueDay, 'on-time'];
  } else {
    [resolvedDay, verdict] = [clockDay + Math.floor(random() * (dueDay - clockDay)), 'early'];
  }
  const resolvedMinute = verdict === 'on-time' && resolvedDay === dueDay ? Math.max(OPENS, dueMinute - 30) : OPENS + Math.floor(random() * (CLOSES - OPENS));
  life.resolved(next(resolvedDay, resolvedMinute), verdict);
  if (random() < 0.05) return life.events; // resolved, not yet collected
  const returnedDay = addWorkingDays(resolvedDay, Math.floor(random() * 3));
  const method = channel === 'postal' ? 'postal' : channel === 'online' && random() < 0.7 ? 'online' : 'counter';
  life.returned(next(returnedDay, CLOSES - 10), method);
  const inHands = method === 'postal' ? addWorkingDays(returnedDay, 2) : returnedDay;
  if (method === 'postal') life.delivered(next(inHands, 10 * 60));
  if (random() < 0.35) {
    const s = random();
    life.answered(next(inHands + 1, 20 * 60), s < 0.5 ? 'very-satisfied' : s < 0.94 ? 'satisfied' : 'not-satisfied', random() < 0.8 ? 'sms' : 'web');
  }
  return life.events;
}

/** Dossiers `0 … count−1` of a year, each with its own PRNG stream so any slice is the same dossiers. */
export function* yearOfDossiers(year: number, count: number, seed: number, prefix = `B${year % 100}-`): Generator<DomainEvent[]> {
  const days = workingDaysOf(year);
  for (let i = 0; i < count; i += 1) yield dossierEvents(prefix, i, days, prng(seed * 1_000_003 + i));
}

/** How many items a DynamoDB JSON answer returned (GetItem, BatchGetItem, Query, Scan), 0 for anything else. */
export function itemsReturned(operation: string, body: string): number {
  if (!['GetItem', 'BatchGetItem', 'Query', 'Scan'].includes(operation)) return 0;
  const answer = JSON.parse(body) as { Item?: unknown; Responses?: Record<string, unknown[]>; Count?: number };
  if (operation === 'GetItem') return answer.Item ? 1 : 0;
  if (operation === 'BatchGetItem') return Object.values(answer.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
  return answer.Count ?? 0;
}
