/**
 * What the dashboard asks the reporting API, from what the officer chose: pure, so that the page's
 * script and the tests build the same queries. No DOM, no zod (this module is bundled for the
 * browser, where every kilobyte is downloaded on a phone).
 */

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

export interface Filters {
  readonly agency: string;
  readonly kind: PeriodKind;
  /** `YYYY-MM` for a month, `YYYY-Qn` for a quarter, `YYYY` for a year; unused for a range. */
  readonly period: string;
  /** Local dates, both included, for a range. */
  readonly from: string;
  readonly to: string;
  /** The day the figures stand at (empty: today, the API's default). */
  readonly asOf: string;
}

/** Today's date in Vietnam (UTC+7, no daylight saving), whatever the browser's time zone. */
export function vietnamToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The current month in Vietnam, as the dashboard opens. */
export function defaultFilters(agency: string, now: Date): Filters {
  const today = vietnamToday(now);
  return { agency, kind: 'month', period: today.slice(0, 7), from: `${today.slice(0, 8)}01`, to: today, asOf: '' };
}

/** The period of `kind` that holds `date` (`YYYY-MM-DD`), as the API's `period` parameter. */
export function periodOfKind(kind: Exclude<PeriodKind, 'range'>, date: string): string {
  if (kind === 'year') return date.slice(0, 4);
  if (kind === 'quarter') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  return date.slice(0, 7);
}

/** The query parameters of a report over the chosen agency and period (summary, index, scores). */
export function reportParams(filters: Filters): Record<string, string> {
  const period: Record<string, string> = filters.kind === 'range' ? { from: filters.from, to: filters.to } : { period: filters.period };
  return { agency: filters.agency, ...period, ...(filters.asOf ? { asOf: filters.asOf } : {}) };
}

/** The first and last days (both included) of the chosen period. */
export function periodRange(filters: Filters): { from: string; to: string } {
  if (filters.kind === 'range') return { from: filters.from, to: filters.to };
  const year = Number(filters.period.slice(0, 4));
  if (filters.kind === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` };
  const [first, last] = filters.kind === 'quarter' ? [Number(filters.period.slice(6)) * 3 - 2, Number(filters.period.slice(6)) * 3] : [Number(filters.period.slice(5, 7)), Number(filters.period.slice(5, 7))];
  return { from: isoDate(year, first, 1), to: isoDate(year, last, daysInMonth(year, last)) };
}

/**
 * The months the on-time trend shows: those of the chosen period, or, when it lies within one
 * month (a trend of one point says nothing), the twelve months that end with it.
 */
export function trendParams(filters: Filters): Record<string, string> {
  const { from, to } = periodRange(filters);
  const asOf: Record<string, string> = filters.asOf ? { asOf: filters.asOf } : {};
  if (from.slice(0, 7) !== to.slice(0, 7)) return { ...reportParams(filters), groupBy: 'month' };
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  const start = month === 12 ? isoDate(year, 1, 1) : isoDate(year - 1, month + 1, 1);
  return { agency: filters.agency, from: start, to: isoDate(year, month, daysInMonth(year, month)), ...asOf, groupBy: 'month' };
}

export const queryString = (params: Record<string, string>): string => new URLSearchParams(params).toString();

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
