import * as z from 'zod';
import { dayNumberOf, isoDateOf, localDateOf } from '../../../libs/calendar/working-days.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import { oversees, periodOf, type AgencyTree } from './agency-tree.ts';
import { nextIsoDate, parseIsoDate } from './buckets.ts';
import { GROUPINGS, type SummaryQuery } from './summary.ts';

/**
 * What a report request asks, checked: an agency the officer oversees, a period given either as
 * `period` (`2025`, `2025-Q3`, `2025-07`, `2025-07-14`) or as `from` and `to` (local dates, both
 * included), and the day the figures stand at (`asOf`, by default today, never after it).
 */

const isoDate = z.iso.date();
export const PERIOD_PATTERN = /^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/;
/** Ten years at most: a report reads its months, and nobody compares more at once. */
const MAX_YEARS = 10;
/** The calendar's arithmetic (Date.UTC) reads the years 0–99 as 1900–1999: earlier dates cannot be told apart. */
const FIRST_YEAR = 1900;

export const ReportQueryParams = z.strictObject({
  agency: z.string().min(1).max(64).optional(),
  period: z.string().regex(PERIOD_PATTERN, 'YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD').optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  asOf: isoDate.optional(),
  groupBy: z.enum(GROUPINGS).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
});
export type ReportQueryParams = z.infer<typeof ReportQueryParams>;

/** The summary to compute, and in which form to answer it. */
export interface ReportRequest extends SummaryQuery {
  readonly format: 'json' | 'csv' | 'xlsx';
}

const invalid = (vi: string, en: string, details?: unknown) => new DomainError('VALIDATION_FAILED', vi, en, details);

/** The period of a `period` parameter as a local-date range, `to` exclusive. */
export function rangeOfPeriod(period: string): { from: string; to: string } {
  const [year, second] = period.split('-');
  const date = { year: Number(year), month: 1, day: 1 };
  const kind = second === undefined ? 'year' : second.startsWith('Q') ? 'quarter' : period.length === 7 ? 'month' : 'day';
  if (kind === 'quarter') date.month = Number(second!.slice(1)) * 3 - 2;
  if (kind === 'month' || kind === 'day') date.month = Number(second);
  if (kind === 'day') date.day = Number(period.slice(8));
  const range = periodOf(kind, date);
  return { from: isoDateOf(range.from), to: isoDateOf(range.to) };
}

export function reportRequestOf(params: ReportQueryParams, officerAgency: string, tree: AgencyTree, now: Date): ReportRequest {
  const today = isoDateOf(localDateOf(now));
  if (params.period && (params.from || params.to)) throw invalid('Chỉ dùng period hoặc from/to, không dùng cả hai', 'Give either period or from/to, not both');
  if (!params.period && !(params.from && params.to)) throw invalid('Cần kỳ báo cáo: period, hoặc from và to', 'A period is required: period, or from and to');
  if (params.period && !validDate(params.period)) throw invalid('Kỳ báo cáo không hợp lệ', 'The period is not a valid date', { period: params.period });
  const first = params.period ?? params.from!;
  if (Number(first.slice(0, 4)) < FIRST_YEAR) throw invalid(`Kỳ báo cáo phải bắt đầu từ năm ${FIRST_YEAR}`, `The period cannot start before ${FIRST_YEAR}`, { from: first });
  const { from, to } = params.period ? rangeOfPeriod(params.period) : { from: params.from!, to: nextIsoDate(params.to!) };
  if (to <= from) throw invalid('Ngày kết thúc phải không trước ngày bắt đầu', 'to must not be before from', { from, to: params.to });
  if (longerThanTenYears(from, to)) throw invalid('Kỳ báo cáo dài quá 10 năm', 'The period is longer than ten years');
  if (from > today) throw invalid('Kỳ báo cáo bắt đầu sau hôm nay', 'The period starts after today', { from, today });
  const asOf = params.asOf ?? today;
  if (asOf > today) throw invalid('Ngày số liệu (asOf) không được sau hôm nay', 'asOf cannot be after today', { asOf, today });
  if (asOf < from) throw invalid('Ngày số liệu (asOf) không được trước kỳ báo cáo', 'asOf cannot be before the period', { asOf, from });

  const agency = params.agency ?? officerAgency;
  const range = { from: parseIsoDate(from), to: parseIsoDate(to) };
  if (![...tree.periodsByCode.get(agency) ?? []].length) {
    throw new DomainError('UNKNOWN_AGENCY', 'Không có đơn vị này trong cây đơn vị', 'No such agency in the agency tree', { agency });
  }
  if (!oversees(tree, officerAgency, agency, range)) {
    throw new DomainError('FORBIDDEN', 'Cán bộ chỉ xem được số liệu của đơn vị mình và các đơn vị trực thuộc', "Officers see their own agency's figures and those under it only", { agency });
  }
  return { agency, from, to, asOf, today, ...(params.groupBy ? { groupBy: params.groupBy } : {}), format: params.format ?? 'json' };
}

function validDate(period: string): boolean {
  if (period.length === 10) return isoDate.safeParse(period).success;
  // A quarter (`2025-Q3`) is as long as a month: its number the pattern has checked already.
  if (period.length === 7 && period[5] !== 'Q') return Number(period.slice(5)) >= 1 && Number(period.slice(5)) <= 12;
  return true;
}

/** Whether [from, to) is longer than ten calendar years: 2015-01-01 to 2024-12-31 is not, a day more is (29 February carries to 1 March). */
function longerThanTenYears(from: string, to: string): boolean {
  const start = parseIsoDate(from);
  return dayNumberOf(parseIsoDate(to)) > dayNumberOf({ ...start, year: start.year + MAX_YEARS });
}

