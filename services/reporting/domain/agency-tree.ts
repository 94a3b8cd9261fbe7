import * as z from 'zod';
import {
  dateOfDayNumber,
  dayNumberOf,
  isoDateOf,
  type LocalDate,
} from '../../../libs/calendar/working-days.ts';

/**
 * The agency tree as data with validity dates, and the periods reports are cut into.
 *
 * Until 30/6/2025 a commune answered to a district and the district to the province; from
 * 01/7/2025 districts are gone and communes answer to the province, some communes merged. A
 * dossier counts under the tree in force on the local date it was received, so figures for
 * earlier periods stay by district and never move when the tree changes later.
 *
 * One agency code may have several periods (a commune re-parented keeps its code). Periods are
 * half-open: `validFrom` inclusive, `validTo` exclusive (absent: still in force), both local
 * dates in Vietnam. The schema refuses data that would make a roll-up ambiguous or partial:
 * overlapping periods of one code, a parent missing on any day of the child's period, a cycle.
 */

export const AgencyLevel = z.enum(['province', 'provincial-centre', 'district', 'commune']);
export type AgencyLevel = z.infer<typeof AgencyLevel>;

const isoLocalDate = z.iso.date();

export const AgencyPeriod = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    level: AgencyLevel,
    parentCode: z.string().min(1).nullable(),
    validFrom: isoLocalDate,
    validTo: isoLocalDate.optional(),
    /** For an agency that ceased: the agency that took over its work from `validTo`. */
    mergedInto: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.validTo === undefined || a.validTo > a.validFrom, { message: 'validTo must be after validFrom', path: ['validTo'] })
  .refine((a) => a.mergedInto === undefined || a.validTo !== undefined, { message: 'only an agency that ceased (validTo) can be mergedInto another', path: ['mergedInto'] })
  .refine((a) => a.mergedInto !== a.code, { message: 'an agency cannot merge into itself', path: ['mergedInto'] });
export type AgencyPeriod = z.infer<typeof AgencyPeriod>;

const FOREVER = Number.POSITIVE_INFINITY;
const startOf = (a: AgencyPeriod): number => dayOfIso(a.validFrom);
const endOf = (a: AgencyPeriod): number => (a.validTo === undefined ? FOREVER : dayOfIso(a.validTo));

function dayOfIso(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return dayNumberOf({ year: year!, month: month!, day: day! });
}

function groupByCode(agencies: readonly AgencyPeriod[]): Map<string, AgencyPeriod[]> {
  const byCode = new Map<string, AgencyPeriod[]>();
  for (const agency of agencies) byCode.set(agency.code, [...(byCode.get(agency.code) ?? []), agency]);
  for (const periods of byCode.values()) periods.sort((a, b) => startOf(a) - startOf(b));
  return byCode;
}

function periodOn(periods: readonly AgencyPeriod[] | undefined, day: number): AgencyPeriod | undefined {
  return periods?.find((p) => startOf(p) <= day && day < endOf(p));
}

/** Whether the periods of `code` cover every day of [from, to) without a gap. */
function covers(periods: readonly AgencyPeriod[] | undefined, from: number, to: number): boolean {
  let reached = from;
  for (const p of periods ?? []) {
    if (startOf(p) > reached) break;
    reached = Math.max(reached, endOf(p));
    if (reached >= to) return true;
  }
  return reached >= to;
}

export const AgencyTreeData = z
  .object({ note: z.string().optional(), agencies: z.array(AgencyPeriod).min(1) })
  .strict()
  .superRefine(({ agencies }, ctx) => {
    const byCode = groupByCode(agencies);
    for (const [code, periods] of byCode) {
      for (let i = 1; i < periods.length; i++) {
        if (startOf(periods[i]!) < endOf(periods[i - 1]!)) {
          ctx.addIssue({ code: 'custom', message: `periods of ${code} overlap from ${periods[i]!.validFrom}`, path: ['agencies'] });
        }
      }
    }
    agencies.forEach((agency, index) => {
      const at = ['agencies', index];
      if (agency.parentCode === null) {
        if (agency.level !== 'province') ctx.addIssue({ code: 'custom', message: `${agency.code} has no parent but is not a province`, path: [...at, 'parentCode'] });
      } else if (!covers(byCode.get(agency.parentCode), startOf(agency), endOf(agency))) {
        ctx.addIssue({ code: 'custom', message: `parent ${agency.parentCode} of ${agency.code} is not in force over the whole period from ${agency.validFrom}`, path: [...at, 'parentCode'] });
      }
      if (agency.mergedInto !== undefined && agency.validTo !== undefined && !periodOn(byCode.get(agency.mergedInto), endOf(agency))) {
        ctx.addIssue({ code: 'custom', message: `${agency.code} merges into ${agency.mergedInto}, not in force on ${agency.validTo}`, path: [...at, 'mergedInto'] });
      }
    });
    // Parents only change where some period starts, so checking every start day covers every day.
    for (const day of new Set(agencies.map(startOf))) {
      for (const agency of agencies) {
        if (periodOn([agency], day) && cycleFrom(byCode, agency.code, day)) {
          ctx.addIssue({ code: 'custom', message: `${agency.code} is its own ancestor on ${isoDateOf(dateOfDayNumber(day))}`, path: ['agencies'] });
          return;
        }
      }
    }
  });

function cycleFrom(byCode: Map<string, AgencyPeriod[]>, code: string, day: number): boolean {
  const seen = new Set<string>();
  for (let current: string | null = code; current !== null; current = periodOn(byCode.get(current), day)?.parentCode ?? null) {
    if (seen.has(current)) return true;
    seen.add(current);
  }
  return false;
}

/** A validated tree, indexed by code. Build it with `agencyTreeOf`. */
export interface AgencyTree {
  readonly periodsByCode: ReadonlyMap<string, readonly AgencyPeriod[]>;
}

/** Validates tree data (throws the ZodError of `AgencyTreeData` if refused) and indexes it. */
export function agencyTreeOf(data: unknown): AgencyTree {
  return { periodsByCode: groupByCode(AgencyTreeData.parse(data).agencies) };
}

/** A dossier names an agency on a day the tree does not hold it: a data error, not a client's. */
export class AgencyNotInForce extends Error {
  readonly code = 'AGENCY_NOT_IN_FORCE';
  readonly agencyCode: string;
  readonly date: string;
  constructor(agencyCode: string, date: string) {
    super(`agency ${agencyCode} is not in force on ${date}`);
    this.name = 'AgencyNotInForce';
    this.agencyCode = agencyCode;
    this.date = date;
  }
}

/** The period of `code` in force on `date`, if any. */
export function agencyOn(tree: AgencyTree, code: string, date: LocalDate): AgencyPeriod | undefined {
  return periodOn(tree.periodsByCode.get(code), dayNumberOf(date));
}

/**
 * The ancestors of `code` in force on `date`, nearest first, up to the province: commune →
 * district → province before 2025-07-01, commune → province after. Throws `AgencyNotInForce`
 * if `code` is not in force that day. The schema guarantees the chain is whole and finite.
 */
export function ancestorsOn(tree: AgencyTree, code: string, date: LocalDate): AgencyPeriod[] {
  const self = agencyOn(tree, code, date);
  if (!self) throw new AgencyNotInForce(code, isoDateOf(date));
  const chain: AgencyPeriod[] = [];
  for (let parent = self.parentCode; parent !== null; ) {
    const period = agencyOn(tree, parent, date)!;
    chain.push(period);
    parent = period.parentCode;
  }
  return chain;
}

/**
 * Every agency a dossier received by `code` on `receivedOn` counts under: the receiving agency
 * and its ancestors as of that day, nearest first. A code that ceased by merger before that day
 * (a dossier keyed with the old code, e.g. from an old system) counts under its successor. A code
 * that ceased without a successor (a district after 1 July 2025, still named by a dossier), or one
 * the tree never held, counts under itself and the ancestors it last had that are still in force:
 * never dropped, never under an agency that no longer exists.
 */
export function rollUpTargets(tree: AgencyTree, code: string, receivedOn: LocalDate): AgencyPeriod[] {
  const receiver = successorOn(tree, code, receivedOn);
  if (receiver !== null) return [agencyOn(tree, receiver, receivedOn)!, ...ancestorsOn(tree, receiver, receivedOn)];
  const last = tree.periodsByCode.get(code)?.at(-1);
  const self: AgencyPeriod = last ?? { code, name: code, level: 'commune', parentCode: null, validFrom: isoDateOf(receivedOn) };
  if (!last?.validTo) return [self];
  const lastDay = dateOfDayNumber(endOf(last) - 1);
  return [self, ...ancestorsOn(tree, code, lastDay).filter((ancestor) => agencyOn(tree, ancestor.code, receivedOn))];
}

function successorOn(tree: AgencyTree, code: string, date: LocalDate): string | null {
  const day = dayNumberOf(date);
  const seen = new Set<string>();
  for (let current = code; !seen.has(current); ) {
    seen.add(current);
    const periods = tree.periodsByCode.get(current) ?? [];
    if (periodOn(periods, day)) return current;
    const ceased = periods.findLast((p) => endOf(p) <= day);
    if (ceased?.mergedInto === undefined) break;
    current = ceased.mergedInto;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Periods

export type PeriodKind = 'day' | 'month' | 'quarter' | 'year';

/** A range of local dates, `from` inclusive, `to` exclusive (like the tree's validity). */
export interface DateRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export interface Period extends DateRange {
  readonly kind: PeriodKind;
  /** `2025-07-01`, `2025-07`, `2025-Q3`, `2025`. */
  readonly key: string;
}

/** The day, month, quarter or year containing `date`. */
export function periodOf(kind: PeriodKind, date: LocalDate): Period {
  const { year, month } = date;
  const pad2 = (n: number): string => String(n).padStart(2, '0');
  const monthSpan = (first: number, months: number): DateRange => ({
    from: { year, month: first, day: 1 },
    // Month 13 of a year is January of the next: let Date.UTC carry it.
    to: dateOfDayNumber(dayNumberOf({ year, month: first + months, day: 1 })),
  });
  switch (kind) {
    case 'day':
      return { kind, key: isoDateOf(date), from: date, to: dateOfDayNumber(dayNumberOf(date) + 1) };
    case 'month':
      return { kind, key: `${year}-${pad2(month)}`, ...monthSpan(month, 1) };
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      return { kind, key: `${year}-Q${quarter}`, ...monthSpan(quarter * 3 - 2, 3) };
    }
    case 'year':
      return { kind, key: String(year), ...monthSpan(1, 12) };
  }
}

/** Every local date of `range`, in order. Throws if `to` is before `from`. */
export function daysOf(range: DateRange): LocalDate[] {
  const first = dayNumberOf(range.from);
  const end = dayNumberOf(range.to);
  if (end < first) throw new RangeError(`range ends (${isoDateOf(range.to)}) before it starts (${isoDateOf(range.from)})`);
  return Array.from({ length: end - first }, (_, i) => dateOfDayNumber(first + i));
}

/**
 * The agencies directly under `code` on some day of `range`, each with the part of the range it
 * was under it (a commune under a district until 30/6/2025 counts in the district's grouping until
 * then, and in the province's from 1/7). Its periods under `code` are taken as one span. An agency
 * that ceased without a successor stays a child of its last parent.
 */
export function childrenDuring(tree: AgencyTree, code: string, range: DateRange): (AgencyPeriod & { readonly span: DateRange })[] {
  const [from, to] = [dayNumberOf(range.from), dayNumberOf(range.to)];
  const children = new Map<string, { period: AgencyPeriod; start: number; end: number }>();
  for (const periods of tree.periodsByCode.values()) {
    for (const period of periods) {
      if (period.parentCode !== code || startOf(period) >= to || endOf(period) <= from) continue;
      const [start, end] = [Math.max(from, startOf(period)), Math.min(to, endOf(period))];
      const known = children.get(period.code);
      children.set(period.code, { period, start: Math.min(start, known?.start ?? start), end: Math.max(end, known?.end ?? end) });
    }
    // Ceased without a successor before the range: dossiers still keyed with it count under its
    // last parent (rollUpTargets), so it stays a child for the whole range.
    const last = periods.at(-1)!;
    if (last.parentCode === code && last.mergedInto === undefined && endOf(last) <= from && !children.has(last.code)) {
      children.set(last.code, { period: last, start: from, end: to });
    }
  }
  return [...children.values()]
    .map(({ period, start, end }) => ({ ...period, span: { from: dateOfDayNumber(start), to: dateOfDayNumber(end) } }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Whether an officer of `officerAgency` may read `code`'s figures over `range`: it is the agency
 * itself or above it in the tree on some day of the range (a district's officers keep their
 * communes' figures of before July 2025, not after).
 */
export function oversees(tree: AgencyTree, officerAgency: string, code: string, range: DateRange): boolean {
  if (officerAgency === code) return true;
  const [from, to] = [dayNumberOf(range.from), dayNumberOf(range.to)];
  // The chain only changes where some period starts: check the range's first day and each such start in it.
  const days = new Set([from]);
  for (const periods of tree.periodsByCode.values()) for (const p of periods) if (startOf(p) > from && startOf(p) < to) days.add(startOf(p));
  // Where its dossiers count is where it answers to, also for a code no longer in force.
  return [...days].some((day) => rollUpTargets(tree, code, dateOfDayNumber(day)).some((a) => a.code === officerAgency));
}

/** The name of `code` on the last day of `range` it was in force (or its last name, if it ceased before). */
export function agencyNameDuring(tree: AgencyTree, code: string, range: DateRange): string | undefined {
  const [from, to] = [dayNumberOf(range.from), dayNumberOf(range.to)];
  const periods = tree.periodsByCode.get(code);
  return (periods?.findLast((p) => startOf(p) < to && endOf(p) > from) ?? periods?.at(-1))?.name;
}
