/**
 * Vietnamese public holidays (ngày nghỉ lễ, Tết) for civil servants' offices — pure code, no I/O.
 *
 * Two layers:
 *
 * 1. A COMPUTED DEFAULT for every year, from the Labour Code:
 *    - from 2021, Labour Code 2019 (Bộ luật Lao động 45/2019/QH14) art. 112: Tết Dương lịch 1/1 (1 day);
 *      Tết Âm lịch 5 days; Giỗ Tổ Hùng Vương 10/3 lunar (1 day); Ngày Chiến thắng 30/4 (1 day);
 *      Ngày Quốc tế Lao động 1/5 (1 day); Quốc khánh 2/9 plus one adjacent day (2 days);
 *    - before 2021, Labour Code 2012 (10/2012/QH13) art. 115: the same, but Quốc khánh 2/9 only (1 day).
 *      It is applied to every year before 2021; before it took effect (1/5/2013) the Labour Code 1994 had
 *      4 days of Tết and Hùng Kings' day only from 2007, so computed years before 2013 are an approximation
 *      (announce such a year in the data file if it matters).
 *    A holiday on a Saturday or Sunday gives a compensatory day off on the next working day ("nghỉ bù vào
 *    ngày làm việc kế tiếp"); Tết days on a weekend are compensated too. Compensatory days are assigned
 *    in date order, skipping days that are already off.
 *
 *    Choices the law leaves to the government each year, and the defaults taken here:
 *    - Which 5 days of Tết: the last TWO days of the old lunar year and the first THREE of the new one
 *      (Tết − 2 … Tết + 2). That is what the government announced in 2020, 2023, 2024 and 2025 (e.g.
 *      2024: 29 and 30 tháng Chạp + mùng 1–3, Thông báo 5015/TB-LĐTBXH), and in the two other shipped years
 *      (2019, 2026: last day + mùng 1–4) it gives the same days off once weekends and compensation are
 *      counted. "Last day + first four" would instead shift the 2020, 2023, 2024 and 2025 breaks by a day,
 *      so it reproduces fewer of the announced years. holidays.test.ts checks both claims.
 *    - The day adjacent to 2/9 (from 2021): 1/9, except when 2/9 is a Thursday, then 3/9 (Friday), so the
 *      break joins the weekend. This matches 2021 (2–3/9), 2022 (1–2/9), 2023 (1–2/9), 2025 (1–2/9) and
 *      2026 (1–2/9); in 2024 (2/9 a Monday) the government chose 3/9, and 1/9 (a Sunday, compensated on
 *      3/9) gives the same days off.
 *
 * 2. ANNOUNCEMENTS as data (see data/holidays.json and holiday-data.ts): per year and per occasion, the
 *    announced break as an inclusive range, optionally the statutory holiday dates inside it, and swaps
 *    (a weekday off in exchange for a Saturday/Sunday worked). An announced occasion replaces the
 *    computed default of that occasion only; the rest of the year stays computed. Inside an announced
 *    range every weekday is off and is labelled a holiday, a swapped day, or otherwise a compensatory day.
 *
 * Days are handled as Julian Day Numbers (lunar.ts), never `Date`, so the host time zone cannot leak in.
 * `isWorkingDay` is an O(1) look-up in a per-year table built lazily on first use of a year.
 */
import * as z from 'zod';
import { DomainError } from '../platform/errors.ts';
import { fromJulianDayNumber, hungKingsDay, solarToLunar, tetDate, toJulianDayNumber } from './lunar.ts';
import type { LocalDate, WorkingCalendar } from './working-days.ts';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** Years the calendar answers for; outside them `isWorkingDay` and `yearInfo` throw a YearNotSupportedError. */
export const FIRST_SUPPORTED_YEAR = 1976;
export const LAST_SUPPORTED_YEAR = 2199;
/** First year under Labour Code 2019 (two days of Quốc khánh). */
export const LABOUR_CODE_2019_FIRST_YEAR = 2021;

/** Holiday occasions, in calendar order. */
export const OCCASIONS = ['newYear', 'tet', 'hungKings', 'reunificationAndLabour', 'nationalDay'] as const;
export type Occasion = (typeof OCCASIONS)[number];

export type HolidaySource = 'announced' | 'computed';
export type YearSource = HolidaySource | 'partly announced';
/** holiday: a statutory holiday; compensatory: nghỉ bù; swapped: a working day exchanged for a weekend day. */
export type DayKind = 'holiday' | 'compensatory' | 'swapped';
/** A date written YYYY-MM-DD. */
export type IsoDate = string;

export interface LocalizedName {
  readonly vi: string;
  readonly en: string;
}

/** A day off other than an ordinary weekend (weekend days are listed only when they are holidays). */
export interface NonWorkingDay {
  readonly date: IsoDate;
  readonly name: LocalizedName;
  readonly occasion: Occasion;
  readonly source: HolidaySource;
  readonly kind: DayKind;
  /** For kind 'swapped': the weekend day worked instead. */
  readonly workedOn?: IsoDate;
}

/** A Saturday or Sunday made a working day in exchange for a weekday off. */
export interface WorkingWeekendDay {
  readonly date: IsoDate;
  readonly name: LocalizedName;
  /** The weekday given off in exchange. */
  readonly replaces: IsoDate;
  readonly occasion: Occasion;
  readonly source: HolidaySource;
}

/** One occasion of the year (its own days may spill into the previous year, e.g. a New Year break). */
export interface OccasionInfo {
  readonly occasion: Occasion;
  readonly name: LocalizedName;
  readonly source: HolidaySource;
  /** The break: the announced range, or for a computed occasion its days off plus adjoining weekend days. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The statutory holiday dates of the occasion. */
  readonly holidays: readonly IsoDate[];
  /** Document the announcement comes from, e.g. "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023". */
  readonly reference?: string;
  readonly note?: string;
}

/** What `GET /calendar/{year}` serves: plain JSON. */
export interface YearInfo {
  readonly year: number;
  readonly source: YearSource;
  readonly legalBasis: string;
  readonly occasions: readonly OccasionInfo[];
  /** Days off dated in this year, by date. */
  readonly nonWorkingDays: readonly NonWorkingDay[];
  /** Weekend days worked, dated in this year, by date. */
  readonly workingWeekendDays: readonly WorkingWeekendDay[];
}

export interface HolidayCalendar extends WorkingCalendar {
  /** Monday–Friday unless a holiday, compensatory or swapped day off; Saturday/Sunday only if swapped in. */
  isWorkingDay(date: LocalDate): boolean;
  yearInfo(year: number): YearInfo;
}

/** The data file is invalid; `issues` lists every problem found, each prefixed with where it is. */
export class HolidayDataError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[], origin = 'holiday data') {
    super(`Invalid ${origin}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'HolidayDataError';
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const jdnOf = (year: number, month: number, day: number): number => toJulianDayNumber({ year, month, day });
/** 0 = Sunday … 6 = Saturday (JDN 0 was a Monday). */
const weekdayOf = (jdn: number): number => (jdn + 1) % 7;
const isWeekend = (jdn: number): boolean => {
  const weekday = weekdayOf(jdn);
  return weekday === 0 || weekday === 6;
};
function isoOf(jdn: number): IsoDate {
  const d = fromJulianDayNumber(jdn);
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}
const vnDateOf = (jdn: number): string => {
  const d = fromJulianDayNumber(jdn);
  return `${pad(d.day, 2)}/${pad(d.month, 2)}/${d.year}`;
};
/** Day number of a real YYYY-MM-DD date, else undefined. */
function dayNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const jdn = jdnOf(year, month, day);
  const back = fromJulianDayNumber(jdn);
  return back.year === year && back.month === month && back.day === day ? jdn : undefined;
}

const WEEKDAYS_VI = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

const OCCASION_NAMES: Readonly<Record<Occasion, LocalizedName>> = {
  newYear: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  tet: { vi: 'Tết Âm lịch (Tết Nguyên đán)', en: 'Lunar New Year (Tết)' },
  hungKings: { vi: 'Giỗ Tổ Hùng Vương', en: "Hùng Kings' Commemoration Day" },
  reunificationAndLabour: {
    vi: 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
    en: 'Victory Day and International Labour Day',
  },
  nationalDay: { vi: 'Quốc khánh', en: 'National Day' },
};

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The name of a holiday of `occasion` falling on `jdn`. */
function holidayName(occasion: Occasion, jdn: number): LocalizedName {
  const { month, day } = fromJulianDayNumber(jdn);
  switch (occasion) {
    case 'tet': {
      const lunar = solarToLunar(fromJulianDayNumber(jdn));
      const monthVi = lunar.month === 1 ? 'tháng Giêng' : lunar.month === 12 ? 'tháng Chạp' : `tháng ${lunar.month}`;
      const dayVi = lunar.day <= 10 ? `mùng ${lunar.day}` : `${lunar.day}`;
      return {
        vi: `Tết Âm lịch (${dayVi} ${monthVi}${lunar.leap ? ' nhuận' : ''})`,
        en: `Lunar New Year holiday (${ordinal(lunar.day)} day of the ${ordinal(lunar.month)}${lunar.leap ? ' leap' : ''} lunar month)`,
      };
    }
    case 'reunificationAndLabour':
      if (month === 4 && day === 30) return { vi: 'Ngày Chiến thắng (30/4)', en: 'Victory Day (Reunification Day, 30 April)' };
      if (month === 5 && day === 1) return { vi: 'Ngày Quốc tế Lao động (1/5)', en: 'International Labour Day (1 May)' };
      return OCCASION_NAMES.reunificationAndLabour;
    case 'nationalDay':
      if (month === 9 && day === 2) return { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' };
      return { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day holiday (adjacent day)' };
    default:
      return OCCASION_NAMES[occasion];
  }
}

const compensatoryName = (occasion: Occasion): LocalizedName => ({
  vi: `Nghỉ bù ${OCCASION_NAMES[occasion].vi}`,
  en: `Compensatory day off for ${OCCASION_NAMES[occasion].en}`,
});

const swappedName = (occasion: Occasion, workedOn: number): LocalizedName => ({
  vi: `Nghỉ hoán đổi dịp ${OCCASION_NAMES[occasion].vi} (làm bù ${WEEKDAYS_VI[weekdayOf(workedOn)]} ${vnDateOf(workedOn)})`,
  en: `Day off for ${OCCASION_NAMES[occasion].en}, swapped with ${WEEKDAYS_EN[weekdayOf(workedOn)]} ${isoOf(workedOn)} worked`,
});

const workedName = (occasion: Occasion, dayOff: number): LocalizedName => ({
  vi: `Làm bù cho ngày ${WEEKDAYS_VI[weekdayOf(dayOff)]} ${vnDateOf(dayOff)} (dịp ${OCCASION_NAMES[occasion].vi})`,
  en: `Working day in exchange for ${WEEKDAYS_EN[weekdayOf(dayOff)]} ${isoOf(dayOff)} off (${OCCASION_NAMES[occasion].en})`,
});

// ---------------------------------------------------------------------------
// The law: statutory holiday dates of an occasion (the computed default)
// ---------------------------------------------------------------------------

/** Offsets from Tết (1/1 lunar) of the default five days: the last two of the old year, the first three. */
const TET_DEFAULT_OFFSETS = [-2, -1, 0, 1, 2] as const;

/** The day adjacent to 2/9 (from 2021): 1/9, or 3/9 when 2/9 is a Thursday. */
function nationalDayAdjacent(year: number): number {
  const second = jdnOf(year, 9, 2);
  return weekdayOf(second) === 4 ? second + 1 : second - 1;
}

function statutoryHolidays(occasion: Occasion, year: number): number[] {
  switch (occasion) {
    case 'newYear':
      return [jdnOf(year, 1, 1)];
    case 'tet': {
      const tet = toJulianDayNumber(tetDate(year));
      return TET_DEFAULT_OFFSETS.map((offset) => tet + offset);
    }
    case 'hungKings':
      return [toJulianDayNumber(hungKingsDay(year))];
    case 'reunificationAndLabour':
      return [jdnOf(year, 4, 30), jdnOf(year, 5, 1)];
    case 'nationalDay': {
      const second = jdnOf(year, 9, 2);
      if (year < LABOUR_CODE_2019_FIRST_YEAR) return [second];
      return [second, nationalDayAdjacent(year)].sort((a, b) => a - b);
    }
  }
}

/** Dates an announced break of the occasion must contain (catches a range typed for the wrong year). */
function anchors(occasion: Occasion, year: number): number[] {
  switch (occasion) {
    case 'newYear':
      return [jdnOf(year, 1, 1)];
    case 'tet':
      return [toJulianDayNumber(tetDate(year))];
    case 'hungKings':
      return [toJulianDayNumber(hungKingsDay(year))];
    case 'reunificationAndLabour':
      return [jdnOf(year, 4, 30), jdnOf(year, 5, 1)];
    case 'nationalDay':
      return [jdnOf(year, 9, 2)];
  }
}

const legalBasisOf = (year: number): string =>
  year >= LABOUR_CODE_2019_FIRST_YEAR
    ? 'Bộ luật Lao động 2019, Điều 112 (Labour Code 2019, art. 112)'
    : year >= 2013
      ? 'Bộ luật Lao động 2012, Điều 115 (Labour Code 2012, art. 115)'
      : 'Bộ luật Lao động 2012, Điều 115, applied as an approximation (Labour Code 1994 was then in force)';

// ---------------------------------------------------------------------------
// Data schema (zod)
// ---------------------------------------------------------------------------

/** Longest announced break accepted (Tết 2019 and 2026 were 9 days with weekends). */
const MAX_BREAK_DAYS = 16;
/** A swapped working day lies within this many days of the day off it replaces. */
const MAX_SWAP_DISTANCE_DAYS = 60;

const isoDate = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
const text = z.string().trim().min(1, { error: 'must not be empty' });

const swapSchema = z.strictObject({
  /** The weekday given off. */
  dayOff: isoDate,
  /** The Saturday or Sunday worked instead. */
  workedOn: isoDate,
});

const occasionAnnouncementSchema = z.strictObject({
  /** First day of the break (inclusive), weekends included, as announced. */
  from: isoDate,
  /** Last day of the break (inclusive). */
  to: isoDate,
  /** The statutory holiday dates in the break; defaults to the computed ones (see the header). */
  holidays: z.array(isoDate).min(1).optional(),
  swaps: z.array(swapSchema).optional(),
  /** The document announcing it, e.g. "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023". */
  reference: text.optional(),
  note: text.optional(),
});

const occasionsSchema = z.strictObject({
  newYear: occasionAnnouncementSchema.optional(),
  tet: occasionAnnouncementSchema.optional(),
  hungKings: occasionAnnouncementSchema.optional(),
  reunificationAndLabour: occasionAnnouncementSchema.optional(),
  nationalDay: occasionAnnouncementSchema.optional(),
});

type Ctx = z.core.$RefinementCtx;

function checkYear(entry: z.output<typeof yearShape>, ctx: Ctx): void {
  const { year } = entry;
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) return;
  const present = OCCASIONS.filter((occasion) => entry.occasions[occasion] !== undefined);
  if (present.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['occasions'], message: `${year}: announces no occasion` });
  }
  const ranges: { occasion: Occasion; from: number; to: number }[] = [];
  for (const occasion of present) {
    const a = entry.occasions[occasion]!;
    const at = (...path: (string | number)[]): (string | number)[] => ['occasions', occasion, ...path];
    const where = `${year} ${occasion}`;
    if (a.reference === undefined && a.note === undefined) {
      ctx.addIssue({ code: 'custom', path: at(), message: `${where}: give a reference (document number) or a note saying where it comes from` });
    }
    const from = dayNumber(a.from);
    const to = dayNumber(a.to);
    if (from === undefined || to === undefined) continue;
    if (to < from) {
      ctx.addIssue({ code: 'custom', path: at('to'), message: `${where}: "to" (${a.to}) is before "from" (${a.from})` });
      continue;
    }
    if (to - from + 1 > MAX_BREAK_DAYS) {
      ctx.addIssue({ code: 'custom', path: at('to'), message: `${where}: a break of ${to - from + 1} days (${a.from} to ${a.to}) is longer than ${MAX_BREAK_DAYS}` });
    }
    ranges.push({ occasion, from, to });
    for (const anchor of anchors(occasion, year)) {
      if (anchor < from || anchor > to) {
        ctx.addIssue({ code: 'custom', path: at('from'), message: `${where}: the break ${a.from} to ${a.to} does not contain ${isoOf(anchor)}, the ${OCCASION_NAMES[occasion].en} of ${year}` });
      }
    }
    const seenHolidays = new Set<number>();
    (a.holidays ?? []).forEach((value, i) => {
      const day = dayNumber(value);
      if (day === undefined) return;
      if (day < from || day > to) {
        ctx.addIssue({ code: 'custom', path: at('holidays', i), message: `${where}: holiday ${value} is outside the break ${a.from} to ${a.to}` });
      }
      if (seenHolidays.has(day)) ctx.addIssue({ code: 'custom', path: at('holidays', i), message: `${where}: holiday ${value} is listed twice` });
      seenHolidays.add(day);
    });
    (a.swaps ?? []).forEach((swap, i) => {
      const off = dayNumber(swap.dayOff);
      const worked = dayNumber(swap.workedOn);
      if (off !== undefined) {
        if (off < from || off > to) {
          ctx.addIssue({ code: 'custom', path: at('swaps', i, 'dayOff'), message: `${where}: swapped day off ${swap.dayOff} is outside the break ${a.from} to ${a.to}` });
        }
        if (isWeekend(off)) {
          ctx.addIssue({ code: 'custom', path: at('swaps', i, 'dayOff'), message: `${where}: swapped day off ${swap.dayOff} is a ${WEEKDAYS_EN[weekdayOf(off)]}; it must be a weekday (Monday to Friday)` });
        }
        if (seenHolidays.has(off)) {
          ctx.addIssue({ code: 'custom', path: at('swaps', i, 'dayOff'), message: `${where}: ${swap.dayOff} is listed both as a holiday and as a swapped day off` });
        }
      }
      if (worked !== undefined) {
        if (!isWeekend(worked)) {
          ctx.addIssue({ code: 'custom', path: at('swaps', i, 'workedOn'), message: `${where}: swapped working day ${swap.workedOn} is a ${WEEKDAYS_EN[weekdayOf(worked)]}; it must be a Saturday or Sunday` });
        }
        if (worked >= from && worked <= to) {
          ctx.addIssue({ code: 'custom', path: at('swaps', i, 'workedOn'), message: `${where}: swapped working day ${swap.workedOn} lies inside the break ${a.from} to ${a.to}` });
        }
      }
      if (off !== undefined && worked !== undefined && Math.abs(worked - off) > MAX_SWAP_DISTANCE_DAYS) {
        ctx.addIssue({ code: 'custom', path: at('swaps', i, 'workedOn'), message: `${where}: swapped working day ${swap.workedOn} is more than ${MAX_SWAP_DISTANCE_DAYS} days from the day off ${swap.dayOff}` });
      }
    });
  }
  // Across occasions: a day worked must not be inside any break; swapped days are unique.
  const offDays = new Map<number, string>();
  const workedDays = new Map<number, string>();
  for (const occasion of present) {
    (entry.occasions[occasion]!.swaps ?? []).forEach((swap, i) => {
      const path = ['occasions', occasion, 'swaps', i];
      const off = dayNumber(swap.dayOff);
      const worked = dayNumber(swap.workedOn);
      if (off !== undefined) {
        if (offDays.has(off)) ctx.addIssue({ code: 'custom', path: [...path, 'dayOff'], message: `${year}: ${swap.dayOff} is swapped twice (also in ${offDays.get(off)})` });
        offDays.set(off, occasion);
      }
      if (worked !== undefined) {
        if (workedDays.has(worked)) ctx.addIssue({ code: 'custom', path: [...path, 'workedOn'], message: `${year}: ${swap.workedOn} is worked for two swaps (also in ${workedDays.get(worked)})` });
        workedDays.set(worked, occasion);
        for (const range of ranges) {
          if (range.occasion !== occasion && worked >= range.from && worked <= range.to) {
            ctx.addIssue({ code: 'custom', path: [...path, 'workedOn'], message: `${year} ${occasion}: swapped working day ${swap.workedOn} lies inside the ${range.occasion} break` });
          }
        }
      }
    });
  }
}

const yearShape = z.strictObject({
  year: z.int({ error: 'must be an integer year' }).min(FIRST_SUPPORTED_YEAR).max(LAST_SUPPORTED_YEAR),
  occasions: occasionsSchema,
  note: text.optional(),
});

const yearAnnouncementSchema = yearShape.superRefine(checkYear);

/** The holiday data file: `{ "about": …, "years": [{ "year": 2025, "occasions": { "tet": {…} } }] }`. */
export const holidayDataSchema = z
  .strictObject({
    /** Free text for editors (JSON has no comments). */
    about: z.union([z.string(), z.array(z.string())]).optional(),
    years: z.array(yearAnnouncementSchema),
  })
  .superRefine((data, ctx) => {
    const seen = new Map<number, number>();
    data.years.forEach((entry, i) => {
      const first = seen.get(entry.year);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `year ${entry.year} is announced twice (also at years[${first}])` });
      } else {
        seen.set(entry.year, i);
      }
    });
  });

export type HolidayData = z.output<typeof holidayDataSchema>;
export type YearAnnouncement = HolidayData['years'][number];
export type OccasionAnnouncement = z.output<typeof occasionAnnouncementSchema>;
export type SwapAnnouncement = z.output<typeof swapSchema>;

function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    // Name the year next to its index: years[3] (2024)
    if (typeof key === 'number' && path[0] === 'years' && out === `years[${key}]`) {
      const year = node !== null && typeof node === 'object' ? (node as { year?: unknown }).year : undefined;
      if (typeof year === 'number') out += ` (${year})`;
    }
  }
  return out === '' ? '(root)' : out;
}

/** Validates the data file's content; throws HolidayDataError listing every problem. */
export function parseHolidayData(input: unknown, origin = 'holiday data'): HolidayData {
  const result = holidayDataSchema.safeParse(input);
  if (!result.success) {
    throw new HolidayDataError(
      result.error.issues.map((issue) => `${formatPath(issue.path, input)}: ${issue.message}`),
      origin,
    );
  }
  return result.data;
}

// ---------------------------------------------------------------------------
// Building a year
// ---------------------------------------------------------------------------

interface DayEntry {
  readonly jdn: number;
  readonly kind: DayKind;
  readonly occasion: Occasion;
  readonly source: HolidaySource;
  readonly name: LocalizedName;
  readonly workedOn?: number;
}

interface WorkedEntry {
  readonly jdn: number;
  readonly replaces: number;
  readonly occasion: Occasion;
  readonly source: HolidaySource;
}

interface YearPlan {
  readonly occasions: readonly OccasionInfo[];
  /** Days off of this year's occasions (may lie in the neighbouring years), at most one per date. */
  readonly days: ReadonlyMap<number, DayEntry>;
  readonly worked: readonly WorkedEntry[];
}

const KIND_RANK: Readonly<Record<DayKind, number>> = { holiday: 3, swapped: 2, compensatory: 1 };

function put(days: Map<number, DayEntry>, entry: DayEntry): void {
  const existing = days.get(entry.jdn);
  if (existing === undefined || KIND_RANK[entry.kind] > KIND_RANK[existing.kind]) days.set(entry.jdn, entry);
}

function planYear(year: number, announced: YearAnnouncement | undefined): YearPlan {
  const days = new Map<number, DayEntry>();
  const worked: WorkedEntry[] = [];
  const ranges: { from: number; to: number }[] = [];
  const infos = new Map<Occasion, OccasionInfo>();
  const issues: string[] = [];

  // 1. Announced occasions: every weekday of the break is off.
  for (const occasion of OCCASIONS) {
    const a = announced?.occasions[occasion];
    if (a === undefined) continue;
    const from = dayNumber(a.from)!;
    const to = dayNumber(a.to)!;
    ranges.push({ from, to });
    const holidays = a.holidays ? a.holidays.map((d) => dayNumber(d)!) : statutoryHolidays(occasion, year);
    const outside = holidays.filter((d) => d < from || d > to);
    if (outside.length > 0) {
      issues.push(
        `years (${year}).occasions.${occasion}: the break ${a.from} to ${a.to} does not contain the default holiday date(s) ` +
          `${outside.map(isoOf).join(', ')}; list the announced holiday dates in "holidays"`,
      );
      continue;
    }
    const swapOf = new Map((a.swaps ?? []).map((s) => [dayNumber(s.dayOff)!, dayNumber(s.workedOn)!] as const));
    for (let d = from; d <= to; d++) {
      if (holidays.includes(d)) {
        put(days, { jdn: d, kind: 'holiday', occasion, source: 'announced', name: holidayName(occasion, d) });
      } else if (swapOf.has(d)) {
        const on = swapOf.get(d)!;
        put(days, { jdn: d, kind: 'swapped', occasion, source: 'announced', name: swappedName(occasion, on), workedOn: on });
      } else if (!isWeekend(d)) {
        put(days, { jdn: d, kind: 'compensatory', occasion, source: 'announced', name: compensatoryName(occasion) });
      }
    }
    for (const [off, on] of swapOf) worked.push({ jdn: on, replaces: off, occasion, source: 'announced' });
    infos.set(occasion, {
      occasion,
      name: OCCASION_NAMES[occasion],
      source: 'announced',
      from: a.from,
      to: a.to,
      holidays: [...holidays].sort((x, y) => x - y).map(isoOf),
      ...(a.reference !== undefined ? { reference: a.reference } : {}),
      ...(a.note !== undefined ? { note: a.note } : {}),
    });
  }
  if (issues.length > 0) throw new HolidayDataError(issues);

  // 2. Computed occasions: statutory holidays, then compensation for those on a weekend.
  const inAnnouncedBreak = (d: number): boolean => ranges.some((r) => d >= r.from && d <= r.to);
  const computed: { occasion: Occasion; jdn: number }[] = [];
  for (const occasion of OCCASIONS) {
    if (infos.has(occasion)) continue;
    // Computed holidays of different occasions never share a date in the supported years (Hùng Kings'
    // day falls 28–29/4 at the latest there, e.g. 2023), so only weekends call for compensation.
    for (const jdn of statutoryHolidays(occasion, year)) {
      computed.push({ occasion, jdn });
      put(days, { jdn, kind: 'holiday', occasion, source: 'computed', name: holidayName(occasion, jdn) });
    }
  }
  computed.sort((a, b) => a.jdn - b.jdn);
  const ownDays = new Map<Occasion, number[]>();
  for (const { occasion, jdn } of computed) {
    const list = ownDays.get(occasion) ?? [];
    list.push(jdn);
    ownDays.set(occasion, list);
    // A holiday inside an announced break is taken to be accounted for by that announcement.
    if (!isWeekend(jdn) || inAnnouncedBreak(jdn)) continue;
    let candidate = jdn + 1;
    while (isWeekend(candidate) || days.has(candidate)) candidate++;
    put(days, { jdn: candidate, kind: 'compensatory', occasion, source: 'computed', name: compensatoryName(occasion) });
    list.push(candidate);
  }
  const workedSet = new Set(worked.map((w) => w.jdn));
  const offWeekend = (d: number): boolean => isWeekend(d) && !workedSet.has(d);
  for (const occasion of OCCASIONS) {
    if (infos.has(occasion)) continue;
    const own = ownDays.get(occasion) ?? [];
    let from = Math.min(...own);
    let to = Math.max(...own);
    while (offWeekend(from - 1)) from--;
    while (offWeekend(to + 1)) to++;
    infos.set(occasion, {
      occasion,
      name: OCCASION_NAMES[occasion],
      source: 'computed',
      from: isoOf(from),
      to: isoOf(to),
      holidays: statutoryHolidays(occasion, year).map(isoOf),
    });
  }

  return { occasions: OCCASIONS.map((o) => infos.get(o)!), days, worked };
}

// ---------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------

/** Table slot of a date: month * 32 + day; slots of impossible dates hold INVALID. */
const SLOTS = 13 * 32;
const NON_WORKING = 0;
const WORKING = 1;
const INVALID = 2;

/** A year the calendar has no data or rule for: a domain error, so the API answers 422 and the CLI says why. */
export class YearNotSupportedError extends DomainError {
  readonly year: number;
  readonly supported = { from: FIRST_SUPPORTED_YEAR, to: LAST_SUPPORTED_YEAR } as const;

  constructor(year: number) {
    super(
      'YEAR_NOT_SUPPORTED',
      `Lịch làm việc không có năm ${year} (chỉ có các năm ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR})`,
      `The working calendar does not cover year ${year} (supported: ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR})`,
      { year, supported: { from: FIRST_SUPPORTED_YEAR, to: LAST_SUPPORTED_YEAR } },
    );
    this.name = 'YearNotSupportedError';
    this.year = year;
  }
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) throw new YearNotSupportedError(year);
}

/**
 * The working calendar: computed defaults overridden by the announcements in `data` (validated again
 * here, so a hand-built object is checked too). Throws HolidayDataError when the data is invalid,
 * including conflicts only visible once a year is laid out (e.g. a day worked that is a holiday).
 */
export function buildCalendar(data: HolidayData = { years: [] }, origin = 'holiday data'): HolidayCalendar {
  const valid = parseHolidayData(data, origin);
  const announcements = new Map(valid.years.map((entry) => [entry.year, entry] as const));
  const plans = new Map<number, YearPlan>();
  const tables: (Uint8Array | undefined)[] = new Array(LAST_SUPPORTED_YEAR - FIRST_SUPPORTED_YEAR + 1);
  const infos = new Map<number, YearInfo>();

  const planOf = (year: number): YearPlan => {
    let plan = plans.get(year);
    if (plan === undefined) {
      try {
        plan =
          year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR
            ? { occasions: [], days: new Map(), worked: [] }
            : planYear(year, announcements.get(year));
      } catch (error) {
        if (error instanceof HolidayDataError) throw new HolidayDataError(error.issues, origin);
        throw error;
      }
      plans.set(year, plan);
    }
    return plan;
  };

  /** Days off and days worked dated in `year`, from the plans of the year and its neighbours. */
  const entriesIn = (year: number): { days: DayEntry[]; worked: WorkedEntry[] } => {
    const first = jdnOf(year, 1, 1);
    const last = jdnOf(year, 12, 31);
    const days = new Map<number, DayEntry>();
    const worked: WorkedEntry[] = [];
    for (const y of [year - 1, year, year + 1]) {
      const plan = planOf(y);
      for (const entry of plan.days.values()) if (entry.jdn >= first && entry.jdn <= last) put(days, entry);
      for (const entry of plan.worked) if (entry.jdn >= first && entry.jdn <= last) worked.push(entry);
    }
    const conflicts = worked.filter((w) => days.has(w.jdn));
    if (conflicts.length > 0) {
      throw new HolidayDataError(
        conflicts.map((w) => {
          const off = days.get(w.jdn)!;
          return `${w.occasion} swap: ${isoOf(w.jdn)} is to be worked but is also a day off (${off.kind}, ${off.occasion}, ${off.source})`;
        }),
        origin,
      );
    }
    return { days: [...days.values()].sort((a, b) => a.jdn - b.jdn), worked: worked.sort((a, b) => a.jdn - b.jdn) };
  };

  const tableOf = (year: number): Uint8Array => {
    const index = year - FIRST_SUPPORTED_YEAR;
    const cached = tables[index];
    if (cached !== undefined) return cached;
    assertSupportedYear(year);
    const table = new Uint8Array(SLOTS).fill(INVALID);
    const first = jdnOf(year, 1, 1);
    const last = jdnOf(year, 12, 31);
    for (let jdn = first; jdn <= last; jdn++) {
      const { month, day } = fromJulianDayNumber(jdn);
      table[month * 32 + day] = isWeekend(jdn) ? NON_WORKING : WORKING;
    }
    const { days, worked } = entriesIn(year);
    const slotOf = (jdn: number): number => {
      const { month, day } = fromJulianDayNumber(jdn);
      return month * 32 + day;
    };
    for (const entry of days) table[slotOf(entry.jdn)] = NON_WORKING;
    for (const entry of worked) table[slotOf(entry.jdn)] = WORKING;
    tables[index] = table;
    return table;
  };

  const slowIsWorkingDay = (date: LocalDate): boolean => {
    const { year, month, day } = date;
    assertSupportedYear(year);
    if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > 31) {
      throw new RangeError(`Invalid date ${JSON.stringify(date)}`);
    }
    const value = tableOf(year)[month * 32 + day];
    if (value === INVALID) throw new RangeError(`Invalid date ${year}-${month}-${day}`);
    return value === WORKING;
  };

  const yearInfo = (year: number): YearInfo => {
    assertSupportedYear(year);
    const cached = infos.get(year);
    if (cached !== undefined) return cached;
    tableOf(year); // validates the year's swaps against its days off
    const plan = planOf(year);
    const { days, worked } = entriesIn(year);
    const nonWorkingDays: NonWorkingDay[] = days.map((e) => ({
      date: isoOf(e.jdn),
      name: e.name,
      occasion: e.occasion,
      source: e.source,
      kind: e.kind,
      ...(e.workedOn !== undefined ? { workedOn: isoOf(e.workedOn) } : {}),
    }));
    const workingWeekendDays: WorkingWeekendDay[] = worked.map((w) => ({
      date: isoOf(w.jdn),
      name: workedName(w.occasion, w.replaces),
      replaces: isoOf(w.replaces),
      occasion: w.occasion,
      source: w.source,
    }));
    const announcedOccasions = plan.occasions.filter((o) => o.source === 'announced').length;
    const anyAnnouncedDay = nonWorkingDays.some((d) => d.source === 'announced') || workingWeekendDays.length > 0;
    const source: YearSource =
      announcedOccasions === OCCASIONS.length ? 'announced' : announcedOccasions === 0 && !anyAnnouncedDay ? 'computed' : 'partly announced';
    const info: YearInfo = deepFreeze({
      year,
      source,
      legalBasis: legalBasisOf(year),
      occasions: plan.occasions,
      nonWorkingDays,
      workingWeekendDays,
    });
    infos.set(year, info);
    return info;
  };

  // Lay out every announced year and its neighbours now, so bad data fails when the calendar is built.
  for (const year of announcements.keys()) {
    for (const y of [year - 1, year, year + 1]) {
      if (y >= FIRST_SUPPORTED_YEAR && y <= LAST_SUPPORTED_YEAR) tableOf(y);
    }
  }

  return {
    isWorkingDay(date: LocalDate): boolean {
      const table = tables[date.year - FIRST_SUPPORTED_YEAR];
      if (table !== undefined) {
        const { month, day } = date;
        // An integer month keeps a fractional one from landing on another month's slot (1.5 * 32 = 48);
        // a fractional day gives a fractional index, i.e. undefined.
        if (day >= 1 && day <= 31 && (month | 0) === month) {
          const value = table[month * 32 + day];
          if (value === WORKING) return true;
          if (value === NON_WORKING) return false;
        }
      }
      return slowIsWorkingDay(date);
    },
    yearInfo,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
