import { addDays, isoDateOf, type LocalDate } from '../../../libs/calendar/working-days.ts';

/**
 * Where counters live: one item per agency and local day (`d#2025-07-14`) and one per month
 * (`m#2025-07`), the month holding the sum of its days. A range is read as the whole months it
 * covers plus the days at its edges, so a year is 12 items (at most 12 + 60), whatever the number
 * of dossiers in it.
 */

export const dayBucket = (isoDate: string): string => `d#${isoDate}`;
export const monthBucket = (isoDate: string): string => `m#${isoDate.slice(0, 7)}`;
/** The standing of open dossiers now (the sum of every day's changes to it). */
export const NOW_BUCKET = 'now';

export const parseIsoDate = (iso: string): LocalDate => {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};
export const nextIsoDate = (iso: string, days = 1): string => isoDateOf(addDays(parseIsoDate(iso), days));
const firstOfNextMonth = (iso: string): string => {
  const { year, month } = parseIsoDate(iso);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
};

/** The buckets of every local date in [from, to): whole months as month buckets, the rest as days. */
export function bucketsOf(from: string, to: string): string[] {
  const buckets: string[] = [];
  for (let cursor = from; cursor < to; ) {
    const monthEnd = firstOfNextMonth(cursor);
    if (cursor.endsWith('-01') && monthEnd <= to) {
      buckets.push(monthBucket(cursor));
      cursor = monthEnd;
    } else {
      buckets.push(dayBucket(cursor));
      cursor = nextIsoDate(cursor);
    }
  }
  return buckets;
}

/** The months [from, to) touches, as `YYYY-MM` (for a grouping by month). */
export function monthsOf(from: string, to: string): { key: string; from: string; to: string }[] {
  const months: { key: string; from: string; to: string }[] = [];
  for (let cursor = from; cursor < to; ) {
    const end = firstOfNextMonth(cursor);
    months.push({ key: cursor.slice(0, 7), from: cursor, to: end < to ? end : to });
    cursor = end;
  }
  return months;
}

/**
 * Counters by procedure live beside each bucket, spread over 16 items by a hash of the procedure
 * code (`m#2025-07#p05`): a province receives under hundreds of procedures, and one item per
 * bucket holding all of them would near DynamoDB's 400 KB. The bucket itself holds the same
 * counters with the procedure left out (`received|*|online`), which is all that totals read.
 */
export const PROCEDURE_SHARDS = 16;
export const ANY_PROCEDURE = '*';

/** FNV-1a: stable across runs and machines, unlike anything keyed by memory. */
export function procedureShard(procedureCode: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < procedureCode.length; i++) hash = Math.imul(hash ^ procedureCode.charCodeAt(i), 0x01000193) >>> 0;
  return hash % PROCEDURE_SHARDS;
}

export const shardBucket = (bucket: string, shard: number): string => `${bucket}#p${String(shard).padStart(2, '0')}`;
export const ALL_SHARDS = Array.from({ length: PROCEDURE_SHARDS }, (_, shard) => shard);

/**
 * A month bucket holds the cohort by month of receipt (`x|2025-07|…`), which is all a period of
 * whole months needs; the same by day of receipt (`x|2025-07-14|…`) is in an item beside it
 * (`m#2025-07#x`), read only for a period that starts or ends inside a month. So what a report of
 * whole months reads stays the same size however many dossiers a day brings.
 */
export const cohortByDay = (monthBucket: string): string => `${monthBucket}#x`;
export const isMonthBucket = (bucket: string): boolean => bucket.startsWith('m#');
/** Whether a local date is the first of its month (a period from or to it is in whole months). */
export const firstOfMonth = (isoDate: string): boolean => isoDate.endsWith('-01');
