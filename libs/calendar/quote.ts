/**
 * Quoting an appointment before a dossier exists, and showing a year's working calendar:
 * what `GET /calendar/deadline`, `GET /calendar/{year}` and `npm run calendar` answer.
 * One place builds those answers, so the API and the CLI print the same JSON.
 *
 * Pure: the calendar, the procedure and the agency come in; nothing here reads a clock or a
 * file. Client mistakes are thrown as DomainErrors (VALIDATION_FAILED, YEAR_NOT_SUPPORTED), as in the intake domain.
 */
import * as z from 'zod';
import { parseOrThrow } from '../platform/validation.ts';
import { deadlineClock, type TimeLimit } from './deadlines.ts';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, OCCASIONS, YearNotSupportedError, type HolidayCalendar, type YearInfo } from './holidays.ts';
import { DEFAULT_OFFICE_HOURS, timeOf, type OfficeHours } from './office-hours.ts';
import { isoDateOf, localDateOf, localMinutesOf, type LocalDate } from './working-days.ts';

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

const withSeconds = z.iso.datetime({ offset: true });
const minutesOnly = z.iso.datetime({ offset: true, precision: -1 });
const NOT_AN_INSTANT = 'must be an ISO 8601 date-time with an offset, e.g. 2026-02-13T16:59+07:00';
/** A query string turns an unencoded `+` into a space: `…T16:59 07:00` can only have meant `+07:00`. */
const SPACE_FOR_PLUS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an offset (`Z` or ±hh:mm), seconds optional: `2026-02-13T16:59+07:00`. */
export const InstantWithOffset = z
  .string({ error: NOT_AN_INSTANT })
  .transform((value) => value.replace(SPACE_FOR_PLUS, '$1+$2'))
  .refine((value) => withSeconds.safeParse(value).success || minutesOnly.safeParse(value).success, { error: NOT_AN_INSTANT })
  .transform((value) => new Date(value))
  .meta({ description: 'An ISO 8601 date-time with an offset (Z or ±hh:mm), seconds optional, e.g. 2026-02-13T16:59+07:00; in a query string send + as %2B (a space there is read as +).' });

const catalogCode = (what: string) =>
  z
    .string({ error: `required: the ${what} code` })
    .trim()
    .min(1, { error: `required: the ${what} code` })
    .max(40, { error: 'at most 40 characters' });

/** `GET /calendar/deadline?procedure=&agency=&receivedAt=` (and the CLI's `deadline` options). */
export const DeadlineRequest = z.strictObject({
  procedure: catalogCode('procedure'),
  agency: catalogCode('agency'),
  /** Defaults to now. */
  receivedAt: InstantWithOffset.optional(),
});
export type DeadlineRequest = z.infer<typeof DeadlineRequest>;

/** `GET /calendar/{year}` (and the CLI's `year <year>`): any integer parses; the range is checked later (422). */
export const CalendarYearRequest = z.strictObject({
  year: z
    .string({ error: 'required: a year, e.g. 2026' })
    .regex(/^-?\d+$/, { error: 'must be an integer year, e.g. 2026' })
    // Far beyond the calendar, but still a number the 422 can name (400 nines would read "Infinity").
    .max(9, { error: 'must be an integer year, e.g. 2026' })
    .transform(Number),
});
export type CalendarYearRequest = z.infer<typeof CalendarYearRequest>;

export const parseDeadlineRequest = (input: unknown): DeadlineRequest => parseOrThrow(DeadlineRequest, input, 'query');
export const parseCalendarYearRequest = (input: unknown): CalendarYearRequest => parseOrThrow(CalendarYearRequest, input, 'path');

// ---------------------------------------------------------------------------
// Years the calendar covers
// ---------------------------------------------------------------------------

export const SUPPORTED_YEARS = { from: FIRST_SUPPORTED_YEAR, to: LAST_SUPPORTED_YEAR } as const;

export const isSupportedYear = (year: number): boolean =>
  Number.isInteger(year) && year >= SUPPORTED_YEARS.from && year <= SUPPORTED_YEARS.to;

export function assertSupportedYear(year: number): void {
  if (!isSupportedYear(year)) throw new YearNotSupportedError(year);
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An instant as a Vietnamese appointment reads it, local time: `17:00 25/02/2026`. */
export function formatLocal(instant: Date): string {
  const { year, month, day } = localDateOf(instant);
  return `${timeOf(localMinutesOf(instant))} ${pad2(day)}/${pad2(month)}/${year}`;
}

// ---------------------------------------------------------------------------
// Where the calendar of a span comes from
// ---------------------------------------------------------------------------

/** One year the count spans, and how much of its calendar was announced. */
export type YearSourceEntry = DeadlineQuote['calendarYears'][number];

/** How firm a quote is: every day it depends on was announced, or some were computed. */
export type QuoteSource = DeadlineQuote['calendarSource'];

/**
 * `announced` when every year from the receipt day to the appointment day has an
 * announcement and every day off between them comes from one; `computed` when the
 * count crossed a day off the government has not announced yet (or a year it has not
 * announced at all), so the appointment could still move.
 */
export function calendarSourceOf(calendar: HolidayCalendar, from: LocalDate, to: LocalDate): { source: QuoteSource; years: YearSourceEntry[] } {
  const [first, last] = [isoDateOf(from), isoDateOf(to)];
  const years: YearSourceEntry[] = [];
  let computed = false;
  for (let year = from.year; year <= to.year; year++) {
    const info = calendar.yearInfo(year);
    years.push({ year, source: info.source });
    if (info.source === 'computed') computed = true;
    if (info.nonWorkingDays.some((day) => day.source === 'computed' && day.date >= first && day.date <= last)) computed = true;
  }
  return { source: computed ? 'computed' : 'announced', years };
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

export interface QuotedProcedure {
  readonly code: string;
  readonly timeLimit: TimeLimit;
  /** Local "HH:mm" after which a dossier counts from the next working day; null = close of office hours. */
  readonly cutoffTime: string | null;
}

/** What a quote is asked for: a procedure, received by an agency (working these hours), at an instant. */
export interface DeadlineQuestion {
  readonly procedure: QuotedProcedure;
  readonly agencyCode: string;
  /** The agency's office hours (services/intake/domain/catalog.ts `officeHoursOf`). */
  readonly officeHours: OfficeHours;
  readonly receivedAt: Date;
}

/** Read-only all the way down, as the calendar and the office hours hand their parts out. */
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
/** What a schema below says an answer is: the builders are typed by it, so the compiler holds them to it. */
type Answer<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/** A time limit: so many working days, working hours or calendar days. */
export const TimeLimitSchema = z.strictObject({ unit: z.enum(['workingDays', 'workingHours', 'calendarDays']), value: z.number().positive() });
const utcInstant = z.iso.datetime();
const isoDate = z.iso.date();
const localizedName = z.strictObject({ vi: z.string(), en: z.string() });
const occasion = z.enum(OCCASIONS);
const holidaySource = z.enum(['announced', 'computed']);
const session = z.strictObject({ start: z.string(), end: z.string() }).meta({ description: 'Local clock times "HH:mm", Asia/Ho_Chi_Minh.' });
const officeHours = z
  .strictObject({ sessions: z.array(session), saturdayMorning: session.nullable() })
  .meta({ description: "The agency's office hours on working days, and its Saturday-morning opening if any (Saturday still counts no time)." });

/** What `GET /calendar/deadline` answers. */
export const DeadlineQuote = z.strictObject({
  procedureCode: z.string(),
  agencyCode: z.string(),
  receivedAt: utcInstant.meta({ description: 'The instant the quote is for, in UTC.' }),
  effectiveReceiptDay: isoDate.meta({ description: 'The day counting starts after (the receipt day, or the next working day).' }),
  dueAt: utcInstant.meta({ description: 'The appointment, in UTC.' }),
  dueAtLocal: z.string().meta({ description: 'The appointment, Vietnam time: "17:00 25/02/2026".' }),
  limit: TimeLimitSchema,
  // The limit again under its own unit's name, as officers say it: `{ "workingDays": 3 }` (one of the three).
  workingDays: z.number().optional().meta({ description: 'limit.value, when limit.unit is workingDays.' }),
  workingHours: z.number().optional().meta({ description: 'limit.value, when limit.unit is workingHours.' }),
  calendarDays: z.number().optional().meta({ description: 'limit.value, when limit.unit is calendarDays.' }),
  calendarSource: z.enum(['announced', 'computed']).meta({ description: 'Whether every day off the count crossed was announced, or some were computed (the appointment could still move).' }),
  calendarYears: z.array(z.strictObject({ year: z.int(), source: z.enum(['announced', 'computed', 'partly announced']) })),
  officeHours,
});
export type DeadlineQuote = Answer<typeof DeadlineQuote>;

/**
 * The appointment the dossier would get, and how firm the calendar behind it is.
 * Throws 422 YEAR_NOT_SUPPORTED when the count leaves the calendar's years.
 */
export function quoteDeadline(calendar: HolidayCalendar, { procedure, agencyCode, officeHours, receivedAt }: DeadlineQuestion): DeadlineQuote {
  const receiptYear = localDateOf(receivedAt).year;
  assertSupportedYear(receiptYear);
  const clock = deadlineClock(calendar, officeHours);
  // The receipt year is covered; the count may still run past the calendar's last year (YearNotSupportedError).
  const effectiveReceiptDay = clock.effectiveReceiptDay(receivedAt, procedure.cutoffTime);
  const dueAt = clock.dueAt(receivedAt, procedure.timeLimit, procedure.cutoffTime);
  const { source, years } = calendarSourceOf(calendar, localDateOf(receivedAt), localDateOf(dueAt));
  const { unit, value } = procedure.timeLimit;
  return {
    procedureCode: procedure.code,
    agencyCode,
    receivedAt: receivedAt.toISOString(),
    effectiveReceiptDay: isoDateOf(effectiveReceiptDay),
    dueAt: dueAt.toISOString(),
    dueAtLocal: formatLocal(dueAt),
    limit: { unit, value },
    [unit]: value,
    calendarSource: source,
    calendarYears: years,
    officeHours,
  };
}

/** What `GET /calendar/{year}` answers: the year's days off and swapped working days, and the office hours (holidays.ts `YearInfo` and more). */
export const CalendarYear = z.strictObject({
  year: z.int(),
  source: z.enum(['announced', 'computed', 'partly announced']),
  legalBasis: z.string(),
  occasions: z.array(
    z.strictObject({
      occasion,
      name: localizedName,
      source: holidaySource,
      from: isoDate,
      to: isoDate,
      holidays: z.array(isoDate),
      reference: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  nonWorkingDays: z.array(
    z.strictObject({
      date: isoDate,
      name: localizedName,
      occasion,
      source: holidaySource,
      kind: z.enum(['holiday', 'compensatory', 'swapped']),
      workedOn: isoDate.optional(),
    }),
  ),
  workingWeekendDays: z.array(z.strictObject({ date: isoDate, name: localizedName, replaces: isoDate, occasion, source: holidaySource })),
  officeHours,
});
export type CalendarYear = Answer<typeof CalendarYear>;
// The answer spreads the calendar's YearInfo: a field added there must be added above, or this does not compile.
const everyYearField: Exclude<keyof YearInfo, keyof CalendarYear> extends never ? true : false = true;
void everyYearField;

/** The year's calendar; throws 422 YEAR_NOT_SUPPORTED outside the supported years. */
export function calendarYear(calendar: HolidayCalendar, year: number, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS): CalendarYear {
  assertSupportedYear(year);
  return { ...calendar.yearInfo(year), officeHours };
}
